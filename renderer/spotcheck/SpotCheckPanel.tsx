import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { REST_API_VERSIONS } from '../../shared/probe/spot-check-result.js';
import { useAppStore } from '../store/store-context.js';
import { attachRefusal, instanceRows } from './spot-check-evidence.js';
import { isTrainingLab } from '../components/TrainingBanner.js';
import {
  DEFAULT_SPOT_CHECK_FIELDS,
  spotCheckFromForm,
  TRAINING_LAB_REST,
  TRAINING_SPOT_CHECK_FIELDS,
  type SpotCheckField,
  type SpotCheckFields,
} from './spot-check-form.js';
import './spotcheck.css';

const OUTCOME_TEXT = {
  consistent: 'CONSISTENT: every instance answered every indicator alike.',
  inconsistent: 'DIFFERS: the instances answered some indicators differently (see which below).',
  incomplete: 'INCOMPLETE: some instance could not be checked.',
  stopped: 'STOPPED: a certificate changed since it was pinned; no password was asked for or sent.',
} as const;

const STATE_TEXT = { checking: 'checking…', answered: 'answered', failed: 'FAILED' } as const;

/**
 * Requirement 3's spot-check: the engineer's indicators looked up through every instance's REST API and compared
 * (indicators.spotCheck). The certificate review and the password come as the engine's prompts; a consistent
 * result can be attached to requirement 3's attestations as evidence.
 */
export function SpotCheckPanel() {
  const { instances, run, runSpotCheck, attachSpotCheck, saving, attestedCount } = useAppStore(
    useShallow((state) => ({
      instances: state.draft?.instances ?? [],
      run: state.spotCheck,
      runSpotCheck: state.runSpotCheck,
      attachSpotCheck: state.attachSpotCheck,
      saving: state.statementStatus === 'saving',
      attestedCount: state.draft?.attestations.filter((entry) => entry.requirement === 'req3').length ?? 0,
    })),
  );
  // No window when rendered to a string (the view tests): not the training lab.
  const training = typeof window !== 'undefined' && isTrainingLab(window.location.hash);
  const [fields, setFields] = useState<SpotCheckFields>(training ? TRAINING_SPOT_CHECK_FIELDS : DEFAULT_SPOT_CHECK_FIELDS);
  const [errors, setErrors] = useState<Partial<Record<SpotCheckField, string>>>({});
  const [attachMessage, setAttachMessage] = useState<{ readonly ok: boolean; readonly text: string } | undefined>(undefined);
  const id = useId();
  const running = run?.status === 'running';
  const result = run?.result;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const form = spotCheckFromForm(fields);
    if (!form.ok) return setErrors(form.errors);
    setErrors({});
    setAttachMessage(undefined);
    await runSpotCheck(form.value);
  };
  const attach = async () => {
    const outcome = await attachSpotCheck();
    setAttachMessage(
      outcome.ok
        ? { ok: true, text: `Attached to the attestation of requirement 3 on ${outcome.attached.join(', ')}; saved in the project file.` }
        : { ok: false, text: outcome.message },
    );
  };
  const field = (name: SpotCheckField) => ({
    id: `${id}-${name}`,
    value: fields[name],
    onChange: (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value }),
    'data-testid': `spotcheck-${name}`,
    ...(errors[name] === undefined
      ? {}
      : { 'aria-invalid': true as const, 'aria-describedby': `${id}-${name}-error`, className: 'invalid' }),
  });
  const error = (name: SpotCheckField) =>
    errors[name] === undefined ? null : (
      <p id={`${id}-${name}-error`} className="spotcheck-error" role="alert" data-testid={`spotcheck-error-${name}`}>
        {errors[name]}
      </p>
    );
  const rows = run === undefined || run.status === 'failed' ? [] : instanceRows(instances, run.port, result);
  const refusal = result === undefined ? undefined : attachRefusal(result);

  return (
    <section className="spotcheck" aria-labelledby={`${id}-heading`} data-testid="spotcheck-panel">
      <h3 id={`${id}-heading`}>Spot-check the indicators (REST)</h3>
      <p className="small muted" id={`${id}-hint`}>
        The FalsePositive and InternalTI lists cannot be read through any documented API. Looking the same indicators up on every instance
        and comparing the answers is evidence, not proof, that they agree. New TLS certificates are shown for review and the REST password
        is asked once; it is used for these lookups only and never saved.
      </p>
      {training && (
        <p className="small" role="note" data-testid="spotcheck-training">
          Training lab only: every instance serves REST on port {TRAINING_LAB_REST.port}; the user {TRAINING_LAB_REST.user} has the
          documented default password <code>{TRAINING_LAB_REST.password}</code>. The list holds indicators of the lab&apos;s demo feed.
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-indicators`}>
            Indicators (one per line; # starts a comment)
          </label>
          <textarea {...field('indicators')} rows={5} spellCheck={false} />
          {error('indicators')}
        </div>
        <div className="spotcheck-row">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-user`}>
              REST user
            </label>
            <input {...field('user')} autoComplete="username" />
            {error('user')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-port`}>
              REST port
            </label>
            <input {...field('port')} inputMode="numeric" />
            {error('port')}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-apiVersion`}>
              API version
            </label>
            <select {...field('apiVersion')}>
              {REST_API_VERSIONS.map((version) => (
                <option key={version} value={version}>
                  {version}
                </option>
              ))}
            </select>
            {error('apiVersion')}
          </div>
        </div>
        <div className="spotcheck-actions">
          <button type="submit" className="primary" disabled={running} data-testid="spotcheck-run">
            {running ? 'Spot-check running…' : 'Run spot-check'}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="spotcheck-status">
        {running && (
          <p className="small" role="status">
            Checking {run.indicators} indicator(s) on {instances.length} instance(s): certificates, then the password, then the lookups.
          </p>
        )}
        {run?.status === 'failed' && (
          <p className="spotcheck-error" role="alert" data-testid="spotcheck-failed">
            {run.error}
          </p>
        )}
        {result !== undefined && (
          <p className="spotcheck-outcome" data-testid="spotcheck-outcome" data-outcome={result.outcome}>
            {OUTCOME_TEXT[result.outcome]}
            {result.stop !== undefined && <span className="spotcheck-error"> {result.stop.message}</span>}
          </p>
        )}
      </div>
      {rows.length > 0 && (
        <table data-testid="spotcheck-instances">
          <caption>Per instance</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">State</th>
              <th scope="col">Certificate</th>
              <th scope="col">Differs on</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.instance} data-testid={`spotcheck-instance-${index}`} data-state={row.state}>
                <th scope="row">
                  {row.instance}
                  <div className="small muted">{row.endpoint}</div>
                </th>
                <td>
                  {STATE_TEXT[row.state]}
                  {row.failure !== undefined && <div className="small spotcheck-error">{row.failure}</div>}
                </td>
                <td>{row.certificate}</td>
                <td data-testid={`spotcheck-differs-${index}`}>
                  {row.state === 'checking'
                    ? '—'
                    : row.state === 'failed'
                      ? 'not compared'
                      : row.differsOn.length === 0
                        ? 'nothing (same as the others)'
                        : row.differsOn.join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result !== undefined && result.indicators.length > 0 && (
        <table data-testid="spotcheck-indicators">
          <caption>Per indicator</caption>
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              <th scope="col">Status</th>
              <th scope="col">Answers (which instances)</th>
            </tr>
          </thead>
          <tbody>
            {result.indicators.map((entry, index) => (
              <tr key={entry.indicator} data-testid={`spotcheck-indicator-${index}`} data-consistent={entry.consistent}>
                <th scope="row">
                  <code>{entry.indicator}</code>
                </th>
                <td>{entry.consistent ? 'same everywhere' : 'DIFFERS'}</td>
                <td>
                  <ul className="plain-list">
                    {entry.groups.map((group) => (
                      <li key={group.instances.join(',')}>
                        {group.result === '' ? '(no result word)' : group.result}
                        {group.categories.length > 0 ? ` [${group.categories.join(', ')}]` : ''}: {group.instances.join(', ')}
                      </li>
                    ))}
                    {entry.missing.length > 0 && <li>no answer: {entry.missing.join(', ')}</li>}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result !== undefined && (
        <div className="spotcheck-actions">
          <button
            type="button"
            disabled={refusal !== undefined || saving || attestedCount === 0}
            aria-describedby={`${id}-attach-note`}
            data-testid="spotcheck-attach"
            onClick={() => void attach()}
          >
            Attach to the attestation
          </button>
          <span id={`${id}-attach-note`} className="small" data-testid="spotcheck-attach-note">
            {refusal ??
              (attestedCount === 0
                ? 'Attest requirement 3 below first: the form offers this spot-check as evidence, or attach it here afterwards.'
                : `Adds it as evidence to ${attestedCount} attestation(s) of requirement 3 (count, instances and digest; no indicator or password).`)}
          </span>
        </div>
      )}
      {attachMessage !== undefined && (
        <p
          className={attachMessage.ok ? 'small' : 'spotcheck-error'}
          role={attachMessage.ok ? 'status' : 'alert'}
          data-testid="spotcheck-attach-result"
        >
          {attachMessage.text}
        </p>
      )}
    </section>
  );
}
