import type { BalancerApplyReport } from '../../shared/plan/apply-report.js';
import { formatDuration } from '../wizard/format-duration.js';
import { FILE_STATUS_TEXT, OUTCOME_LABELS } from './apply-labels.js';

// The instances' words and colours; the Balancer's "nothing to change" is named `nothing`.
const { unchanged, ...shared } = OUTCOME_LABELS;
const LABELS: Readonly<Record<BalancerApplyReport['outcome'], (typeof OUTCOME_LABELS)[keyof typeof OUTCOME_LABELS]>> = {
  ...shared,
  nothing: unchanged,
};

/** The Balancer's part of an apply report (issue 14): outcome, each step (stop, writes, start, matching_port) and each file with its backup. */
export function BalancerApplyView({ result }: { readonly result: BalancerApplyReport | undefined }) {
  if (result === undefined) return null;
  const label = LABELS[result.outcome];
  return (
    <section className="panel" data-testid="apply-balancer" data-outcome={result.outcome}>
      <h3 className="group-title">
        Balancer {result.host} <span className={`status tone-${label.tone}`}>{label.text}</span>
        <span className="muted small"> {formatDuration(result.durationMs)}</span>
      </h3>
      <p>{result.message}</p>
      {result.resumed !== undefined && (
        <p className="small" data-testid="apply-balancer-resumed">
          An earlier Balancer step that did not finish was {result.resumed.outcome === 'completed' ? 'completed' : 'undone'} first:{' '}
          {result.resumed.message}
        </p>
      )}
      {result.files.length > 0 && (
        <table className="grid files">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">SHA-256 before → after</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {result.files.map((file) => (
              <tr key={file.path} data-status={file.status}>
                <td>
                  <code>{file.path}</code>
                  {file.backupPath === undefined ? null : <div className="small muted">backup {file.backupPath}</div>}
                </td>
                <td className="digest">
                  <code>{file.beforeSha256 ?? '(new file)'}</code>
                  <br />→ <code>{file.afterSha256}</code>
                </td>
                <td>{FILE_STATUS_TEXT[file.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.steps.length > 0 && (
        <ol className="small" data-testid="apply-balancer-steps">
          {result.steps.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
