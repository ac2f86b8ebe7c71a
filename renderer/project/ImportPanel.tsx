import { useEffect, useMemo, useRef, useState } from 'react';
import { BrowseButton } from '../files/BrowseButton.js';
import type { BalancerEntriesReading } from '../store/project-slice.js';
import { useAppStore } from '../store/store-context.js';
import { FieldIssue } from './FieldIssue.js';
import { LabeledField } from './LabeledField.js';
import type { ImportLogin, ImportRow } from './import-plan.js';
import { defaultImportLogin, loginIssues, planImport } from './import-plan.js';
import { invalidProps } from './issue-lookup.js';
import { AUTH_METHODS, OS_OPTIONS, PRIVILEGES_BY_OS, authFor, pick } from './options.js';

// Where kl_balancer.conf is read from, as the radio buttons say it.
const SOURCES: readonly (readonly ['file' | 'host', string])[] = [
  ['file', 'a file on the machine running the engine'],
  ['host', 'the Balancer host, over SSH with the login below'],
];

const STATUS_TEXT: Record<ImportRow['status'], string> = {
  add: 'Added',
  renamed: 'Added, renamed',
  duplicate: 'Not added',
  invalid: 'Not added',
};

/**
 * "Import instances from kl_balancer.conf": read the file, give the login once for every instance it
 * lists, review what will be added (and what will not, and why), then apply it to the draft.
 */
export function ImportPanel() {
  const draft = useAppStore((state) => state.draft);
  const readEntries = useAppStore((state) => state.readBalancerEntries);
  const applyImport = useAppStore((state) => state.applyImport);
  const setImportOpen = useAppStore((state) => state.setImportOpen);
  const readHost = useAppStore((state) => state.readBalancerHost);
  const [from, setFrom] = useState<'file' | 'host'>('file');
  const [file, setFile] = useState('');
  const [host, setHost] = useState({ host: '', port: '', balancerDir: '' });
  const [reading, setReading] = useState<BalancerEntriesReading | undefined>();
  const [busy, setBusy] = useState(false);
  const [login, setLogin] = useState<ImportLogin>(defaultImportLogin);
  const heading = useRef<HTMLHeadingElement>(null);
  // The panel opens from a button elsewhere on the page: the focus goes to it, so keyboard users land here.
  useEffect(() => heading.current?.focus(), []);

  const issues = loginIssues(login);
  const loginValid = Object.keys(issues).length === 0;
  const entries = useMemo(() => (reading?.ok === true ? reading.entries : []), [reading]);
  const plan = useMemo(() => planImport(draft, entries, login), [draft, entries, login]);
  const read = async (path: string): Promise<void> => {
    setBusy(true);
    setReading(await readEntries(path));
    setBusy(false);
  };
  const hostPort = host.port.trim() === '' ? undefined : Number(host.port);
  const hostIssue =
    hostPort !== undefined && (!Number.isInteger(hostPort) || hostPort < 1 || hostPort > 65535)
      ? 'expected an SSH port 1-65535'
      : undefined;
  const readFromHost = async (): Promise<void> => {
    setBusy(true);
    const source = {
      host: host.host.trim(),
      ...(hostPort === undefined ? {} : { port: hostPort }),
      ...(host.balancerDir.trim() === '' ? {} : { balancerDir: host.balancerDir.trim() }),
    };
    setReading(await readHost(source, login));
    setBusy(false);
  };
  const hostBlocker =
    host.host.trim() === ''
      ? 'Enter the Balancer host'
      : hostIssue !== undefined
        ? 'Fix the port first'
        : !loginValid
          ? 'Fill in the login below first'
          : '';
  const change = (patch: Partial<ImportLogin>): void => {
    const next = { ...login, ...patch };
    // Windows has only "administrator" and Linux never has it: switching OS carries the privilege along.
    if (patch.os !== undefined && patch.privilege === undefined)
      next.privilege = patch.os === 'windows' ? 'administrator' : login.privilege === 'administrator' ? 'sudo-password' : login.privilege;
    setLogin(next);
  };
  const keyPath = login.auth.method === 'key' ? login.auth.keyPath : '';
  const blocker =
    reading?.ok !== true
      ? 'Read a kl_balancer.conf first'
      : !loginValid
        ? 'Fix the login fields first'
        : plan.added === 0
          ? 'Nothing to add'
          : '';

  return (
    <section className="import-panel" aria-labelledby="import-title" data-testid="import-panel">
      <h2 id="import-title" ref={heading} tabIndex={-1}>
        Import instances from kl_balancer.conf
      </h2>
      <p className="muted small">
        kl_balancer.conf lists each instance&apos;s host and event port only; how to log in is asked once here and used for every instance
        added. Change a single instance afterwards in the table.
      </p>
      <fieldset className="import-from">
        <legend>Read kl_balancer.conf from</legend>
        {SOURCES.map(([value, text]) => (
          <label key={value}>
            <input
              type="radio"
              name="import-from"
              data-testid={`import-from-${value}`}
              checked={from === value}
              onChange={() => setFrom(value)}
            />{' '}
            {text}
          </label>
        ))}
      </fieldset>
      {from === 'host' ? (
        <div className="import-source">
          <LabeledField label="Balancer host">
            <input
              data-testid="import-host"
              value={host.host}
              spellCheck={false}
              placeholder="balancer.example.com"
              onChange={(event) => setHost({ ...host, host: event.target.value })}
            />
          </LabeledField>
          <LabeledField
            label="SSH port (default: the login's)"
            className="import-narrow"
            issueId="import-host-port-issue"
            issue={hostIssue}
          >
            <input
              data-testid="import-host-port"
              type="number"
              min={1}
              max={65535}
              value={host.port}
              onChange={(event) => setHost({ ...host, port: event.target.value })}
              {...invalidProps(hostIssue, 'import-host-port-issue')}
            />
          </LabeledField>
          <LabeledField label="Balancer folder (optional: the CyberTrace folders are probed)">
            <input
              data-testid="import-host-dir"
              value={host.balancerDir}
              spellCheck={false}
              placeholder="/opt/kaspersky/ktfs"
              onChange={(event) => setHost({ ...host, balancerDir: event.target.value })}
            />
          </LabeledField>
          <button
            type="button"
            data-testid="import-host-read"
            disabled={busy || hostBlocker !== ''}
            title={hostBlocker === '' ? undefined : hostBlocker}
            onClick={() => void readFromHost()}
          >
            {busy ? 'Reading…' : 'Read'}
          </button>
        </div>
      ) : (
        <div className="import-source">
          <LabeledField label="kl_balancer.conf (a path on the machine running the engine)">
            <input
              data-testid="import-file"
              value={file}
              spellCheck={false}
              placeholder="/opt/kaspersky/ktfs/bin/kl_balancer.conf"
              onChange={(event) => setFile(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && file.trim() !== '' && !busy) void read(file.trim());
              }}
            />
          </LabeledField>
          <BrowseButton
            testId="import-browse"
            disabled={busy}
            request={{
              mode: 'open',
              title: 'Choose kl_balancer.conf',
              suffixes: ['.conf'],
              ...(file.trim() === '' ? {} : { startAt: file }),
            }}
            onChosen={(chosen) => {
              setFile(chosen);
              void read(chosen);
            }}
          />
          <button type="button" data-testid="import-read" disabled={busy || file.trim() === ''} onClick={() => void read(file.trim())}>
            {busy ? 'Reading…' : 'Read'}
          </button>
        </div>
      )}
      {reading?.ok === false && (
        <p className="field-issue" role="alert" data-testid="import-error">
          {reading.error}
        </p>
      )}

      <fieldset className="import-login">
        <legend>Login for every imported instance</legend>
        <LabeledField label="OS">
          <select
            data-testid="import-os"
            value={login.os}
            onChange={(event) => change({ os: pick(OS_OPTIONS, event.target.value) ?? login.os })}
          >
            {OS_OPTIONS.map((os) => (
              <option key={os} value={os}>
                {os}
              </option>
            ))}
          </select>
        </LabeledField>
        <LabeledField label="SSH port" issueId="import-port-issue" issue={issues.port}>
          <input
            data-testid="import-port"
            type="number"
            min={1}
            max={65535}
            value={Number.isNaN(login.port) ? '' : login.port}
            onChange={(event) => change({ port: event.target.value === '' ? Number.NaN : Number(event.target.value) })}
            {...invalidProps(issues.port, 'import-port-issue')}
          />
        </LabeledField>
        <LabeledField label="User" issueId="import-user-issue" issue={issues.user}>
          <input
            data-testid="import-user"
            value={login.user}
            spellCheck={false}
            onChange={(event) => change({ user: event.target.value })}
            {...invalidProps(issues.user, 'import-user-issue')}
          />
        </LabeledField>
        <LabeledField label="Authentication">
          <select
            data-testid="import-auth"
            value={login.auth.method}
            onChange={(event) => {
              const method = pick(AUTH_METHODS, event.target.value);
              if (method !== undefined) change({ auth: authFor(method, keyPath) });
            }}
          >
            {AUTH_METHODS.map((method) => (
              <option key={method} value={method}>
                {method}
              </option>
            ))}
          </select>
        </LabeledField>
        {login.auth.method === 'key' && (
          <div className="field">
            <label>
              <span className="field-label">Private key (a path on the engine machine)</span>
              <input
                data-testid="import-keypath"
                value={keyPath}
                spellCheck={false}
                onChange={(event) => change({ auth: authFor('key', event.target.value) })}
                {...invalidProps(issues.keyPath, 'import-keypath-issue')}
              />
            </label>
            <BrowseButton
              testId="import-keypath-browse"
              request={{ mode: 'open', title: 'Choose the private key', ...(keyPath === '' ? {} : { startAt: keyPath }) }}
              onChosen={(chosen) => change({ auth: authFor('key', chosen) })}
            />
            <FieldIssue id="import-keypath-issue" message={issues.keyPath} />
          </div>
        )}
        <LabeledField label="Privilege" issueId="import-privilege-issue" issue={issues.privilege}>
          <select
            data-testid="import-privilege"
            value={login.privilege}
            onChange={(event) => change({ privilege: pick(PRIVILEGES_BY_OS[login.os], event.target.value) ?? login.privilege })}
            {...invalidProps(issues.privilege, 'import-privilege-issue')}
          >
            {PRIVILEGES_BY_OS[login.os].map((privilege) => (
              <option key={privilege} value={privilege}>
                {privilege}
              </option>
            ))}
          </select>
        </LabeledField>
      </fieldset>

      {reading?.ok === true && <ImportPreview rows={plan.rows} source={reading.source} problems={reading.problems} />}

      <div className="import-actions">
        <button
          type="button"
          className="primary"
          data-testid="import-apply"
          disabled={blocker !== ''}
          title={blocker === '' ? undefined : blocker}
          onClick={() => {
            if (reading?.ok === true) applyImport(plan.draft, plan.added, reading.source, reading.pinned);
          }}
        >
          {plan.added === 1 ? 'Add 1 instance to the project' : `Add ${plan.added} instances to the project`}
        </button>
        <button type="button" data-testid="import-cancel" onClick={() => setImportOpen(false)}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** What the import will do, one row per Balancer `Instance`, before anything changes in the draft. */
function ImportPreview({
  rows,
  source,
  problems,
}: {
  readonly rows: readonly ImportRow[];
  readonly source: string;
  readonly problems: readonly string[];
}) {
  return (
    <>
      <p className="small" data-testid="import-source">
        Read {source}: {rows.length === 1 ? '1 instance' : `${rows.length} instances`} listed.
      </p>
      {problems.length > 0 && (
        <ul className="small" data-testid="import-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="grid import-preview" data-testid="import-preview">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">matching_port</th>
              <th scope="col">What happens</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index} data-testid={`import-row-${index}`} data-status={row.status}>
                <td>{row.name === '' ? '—' : row.name}</td>
                <td>{row.host === '' ? '(none)' : row.host}</td>
                <td>{row.matchingPort ?? 'not set'}</td>
                <td>
                  <span className="import-status">{STATUS_TEXT[row.status]}</span>
                  {row.note === '' ? null : `: ${row.note}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
