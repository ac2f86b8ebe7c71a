import { useAppStore } from '../store/store-context.js';
import { AuthField } from './AuthField.js';
import { FieldIssue } from './FieldIssue.js';
import { invalidProps, issueAt } from './issue-lookup.js';
import { OS_OPTIONS, PRIVILEGE_OPTIONS, PRIVILEGES_BY_OS, pick } from './options.js';

/** One editable instance: connection, OS, user, authentication, privilege and service directory. */
export function InstanceRow({ index }: { readonly index: number }) {
  const instance = useAppStore((state) => state.draft?.instances[index]);
  const count = useAppStore((state) => state.draft?.instances.length ?? 0);
  const issues = useAppStore((state) => state.issues);
  const update = useAppStore((state) => state.updateInstance);
  const remove = useAppStore((state) => state.removeInstance);
  if (instance === undefined) return null;
  const at = (field: string) => issueAt(issues, `instances[${index}].${field}`);
  const id = (field: string) => `instance-${index}-${field}`;
  // The message under a field, named by its aria-describedby.
  const issue = (field: string, testId: string) => <FieldIssue id={`${id(testId)}-issue`} message={at(field)} />;
  const label = (field: string) => `${field} of instance ${index + 1}`;
  const privileges: readonly string[] = PRIVILEGES_BY_OS[instance.os];
  return (
    <tr>
      <td>
        <input
          data-testid={id('name')}
          aria-label={label('Name')}
          value={instance.name}
          spellCheck={false}
          onChange={(event) => update(index, { name: event.target.value })}
          {...invalidProps(at('name'), `${id('name')}-issue`)}
        />
        {issue('name', 'name')}
      </td>
      <td>
        <input
          data-testid={id('host')}
          aria-label={label('Host')}
          value={instance.host}
          spellCheck={false}
          onChange={(event) => update(index, { host: event.target.value })}
          {...invalidProps(at('host'), `${id('host')}-issue`)}
        />
        {issue('host', 'host')}
      </td>
      <td>
        <input
          data-testid={id('port')}
          aria-label={label('Port')}
          className="port"
          type="number"
          min={1}
          max={65535}
          value={Number.isNaN(instance.port) ? '' : instance.port}
          // An empty field becomes NaN so validation reports it instead of silently keeping the old port.
          onChange={(event) => update(index, { port: event.target.value === '' ? Number.NaN : Number(event.target.value) })}
          {...invalidProps(at('port'), `${id('port')}-issue`)}
        />
        {issue('port', 'port')}
      </td>
      <td>
        <select
          data-testid={id('os')}
          aria-label={label('OS')}
          value={instance.os}
          onChange={(event) => update(index, { os: pick(OS_OPTIONS, event.target.value) ?? instance.os })}
        >
          {OS_OPTIONS.map((os) => (
            <option key={os} value={os}>
              {os}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          data-testid={id('user')}
          aria-label={label('User')}
          value={instance.user}
          spellCheck={false}
          onChange={(event) => update(index, { user: event.target.value })}
          {...invalidProps(at('user'), `${id('user')}-issue`)}
        />
        {issue('user', 'user')}
      </td>
      <td>
        <AuthField index={index} auth={instance.auth} issue={at('auth')} onChange={(auth) => update(index, { auth })} />
      </td>
      <td>
        <select
          data-testid={id('privilege')}
          aria-label={label('Privilege')}
          value={instance.privilege}
          onChange={(event) => update(index, { privilege: pick(PRIVILEGE_OPTIONS, event.target.value) ?? instance.privilege })}
          {...invalidProps(at('privilege'), `${id('privilege')}-issue`)}
        >
          {(privileges.includes(instance.privilege) ? privileges : [instance.privilege, ...privileges]).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {issue('privilege', 'privilege')}
      </td>
      <td>
        <input
          data-testid={id('servicedir')}
          aria-label={label('Service directory')}
          value={instance.serviceDir ?? ''}
          placeholder="detected on the host"
          spellCheck={false}
          onChange={(event) => update(index, { serviceDir: event.target.value })}
          {...invalidProps(at('serviceDir'), `${id('servicedir')}-issue`)}
        />
        {issue('serviceDir', 'servicedir')}
      </td>
      <td>
        <button
          type="button"
          className="danger icon"
          data-testid={id('remove')}
          disabled={count <= 1}
          aria-label={`Remove instance ${index + 1}`}
          title={count <= 1 ? 'A project needs at least one instance' : 'Remove this instance'}
          onClick={() => remove(index)}
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
