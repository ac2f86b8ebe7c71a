import type { InstanceApplyResult } from '../../shared/plan/apply-report.js';
import { formatDuration } from '../wizard/format-duration.js';
import { FILE_STATUS_TEXT, OUTCOME_LABELS, STEP_TEXT } from './apply-labels.js';

/** One instance's apply: outcome and message, readiness, the failure and rollback, every step and every file with its digests and backup. */
export function ApplyInstance({ result, index }: { readonly result: InstanceApplyResult; readonly index: number }) {
  const label = OUTCOME_LABELS[result.outcome];
  return (
    <section className="panel" data-testid={`apply-instance-${index}`} data-outcome={result.outcome}>
      <h3 className="group-title">
        {result.instance} <span className={`status tone-${label.tone}`}>{label.text}</span>
        <span className="muted small">
          {' '}
          {formatDuration(result.durationMs)}
          {result.restarted ? ', service restarted' : ''}
        </span>
      </h3>
      <p>{result.message}</p>
      {result.failure !== undefined && (
        <p className="warn-text" data-testid={`apply-failure-${index}`}>
          Failed at “{STEP_TEXT[result.failure.step]}”{result.failure.file === undefined ? '' : ` on ${result.failure.file}`}:{' '}
          {result.failure.message} <span className="muted">({result.failure.reason})</span>
        </p>
      )}
      {result.readiness !== undefined && (
        <p className="small">
          Readiness {result.readiness.host}:{result.readiness.port}:{' '}
          {result.readiness.ok
            ? `PONG after ${Math.round(result.readiness.ms)} ms`
            : `no PONG (${result.readiness.reason ?? 'no reason given'})`}
        </p>
      )}
      {result.resumed !== undefined && (
        <p className="small">
          Interrupted run found ({result.resumed.journalState}): {result.resumed.outcome} — {result.resumed.message}
        </p>
      )}
      {result.files.length > 0 && (
        <table className="grid files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">SHA-256 before → after</th>
              <th scope="col">Original kept</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {result.files.map((file) => (
              <tr key={file.path} data-status={file.status}>
                <td>
                  <code>{file.path}</code>
                  <div className="small muted">
                    {file.kind}
                    {file.newPath === undefined ? '' : ` to ${file.newPath}`}
                  </div>
                </td>
                <td className="digest">
                  <code>{file.beforeSha256 ?? '(new file)'}</code>
                  <br />→ <code>{file.afterSha256}</code>
                </td>
                <td>
                  {file.original === 'backup' ? (
                    <code>{file.backupPath ?? '(backup path not reported)'}</code>
                  ) : file.original === 'absent' ? (
                    <span className="muted">nothing to keep (new file)</span>
                  ) : (
                    <span className="muted">the set-aside file itself</span>
                  )}
                </td>
                <td className={file.status === 'unknown' ? 'warn-text' : undefined}>
                  {FILE_STATUS_TEXT[file.status]}
                  {file.detail === undefined ? '' : `: ${file.detail}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.steps.length > 0 && (
        <details>
          <summary className="small">{result.steps.length} step(s)</summary>
          <table className="grid steps">
            <tbody>
              {result.steps.map((step, stepIndex) => (
                <tr key={stepIndex} data-status={step.status}>
                  <td>{STEP_TEXT[step.step]}</td>
                  <td>
                    <span
                      className={`status ${step.status === 'failed' ? 'tone-bad' : step.status === 'done' ? 'tone-ok' : 'tone-neutral'}`}
                    >
                      {step.status.toUpperCase()}
                    </span>
                  </td>
                  <td className="small">{step.durationMs} ms</td>
                  <td className="small">
                    {step.file === undefined ? '' : <code>{step.file}</code>} {step.detail ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
