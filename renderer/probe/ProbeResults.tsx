import type { ClusterProbeResult, InstanceProbeResult } from '../../shared/probe/probe-result.js';
import { formatDuration } from '../wizard/format-duration.js';
import { PROBE_FAILURE_HINTS } from './failure-hints.js';

/** The probe's outcome: a summary line, then one row per instance with PASS/FAIL, latencies and the specific reason. */
export function ProbeResults({ result, instances }: { readonly result: ClusterProbeResult; readonly instances: readonly string[] }) {
  const index = (entry: InstanceProbeResult): number => {
    const at = instances.indexOf(entry.instance);
    return at >= 0 ? at : instances.length + result.results.indexOf(entry);
  };
  const rows = [...result.results].sort((a, b) => index(a) - index(b));
  return (
    <>
      <div
        className={`verdict ${result.ok ? 'verdict-consistent' : 'verdict-drift'}`}
        data-testid="probe-summary"
        data-ok={String(result.ok)}
      >
        <div className="verdict-line">
          {result.ok
            ? `All ${result.passed} instance(s) passed.`
            : `${result.failed} of ${result.passed + result.failed} instance(s) failed.`}
        </div>
        <div className="small">
          {result.indicator === undefined ? (
            'Neutral test event (no indicator).'
          ) : (
            <>
              Test indicator <code>{result.indicator}</code>.
            </>
          )}{' '}
          Started {result.startedAt}, {formatDuration(result.durationMs)}.
        </div>
        {result.notes.map((note) => (
          <div key={note} className="small">
            {note}
          </div>
        ))}
      </div>
      <div className="table-scroll">
        <table className="grid probe-results">
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Result</th>
              <th scope="col">PONG</th>
              <th scope="col">LookupFinished</th>
              <th scope="col">Detections</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.instance} data-testid={`probe-instance-${index(entry)}`} data-ok={String(entry.ok)}>
                <td>
                  {entry.instance}
                  <div className="small muted">
                    <code>{`${entry.host}:${entry.port}`}</code>
                  </div>
                </td>
                <td>
                  <span className={`status ${entry.ok ? 'tone-ok' : 'tone-bad'}`}>{entry.ok ? 'PASS' : 'FAIL'}</span>
                </td>
                <td>{ms(entry.latencies.pongMs)}</td>
                <td>{ms(entry.latencies.lookupFinishedMs)}</td>
                <td>{entry.detections}</td>
                <td>
                  {entry.failure !== undefined && (
                    <div data-testid={`probe-failure-${index(entry)}`} data-kind={entry.failure.kind}>
                      <strong>{entry.failure.kind}</strong>: {entry.failure.message}
                      <div className="small muted">{PROBE_FAILURE_HINTS[entry.failure.kind]}</div>
                    </div>
                  )}
                  <details>
                    <summary className="small">
                      Request id {entry.requestId}; {entry.lines.length} reply line(s){entry.linesTruncated ? ' (truncated)' : ''}
                    </summary>
                    <div className="small">
                      Sent: <code>{entry.testEvent}</code>
                    </div>
                    <pre className="value">{entry.lines.join('\n') || '(no reply)'}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}
