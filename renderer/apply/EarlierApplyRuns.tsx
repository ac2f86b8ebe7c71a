import type { AppliedRun } from '../store/apply-slice.js';
import { formatDuration } from '../wizard/format-duration.js';
import { FILE_STATUS_TEXT, outcomeCounts } from './apply-labels.js';

/**
 * Every earlier apply of this session, newest first, each with the files it touched and where their
 * originals were kept: a later no-op apply must not hide the backups an earlier one made.
 */
export function EarlierApplyRuns({ runs }: { readonly runs: readonly AppliedRun[] }) {
  if (runs.length === 0) return null;
  return (
    <section data-testid="apply-earlier-runs">
      <h2 className="section-title">Earlier runs of this session</h2>
      {[...runs].reverse().map((run, order) => {
        const files = run.report.instances.flatMap((instance) => instance.files.map((file) => ({ instance: instance.instance, file })));
        return (
          <details
            key={`${run.report.startedAt}-${order}`}
            className="panel"
            data-testid={`apply-earlier-run-${order}`}
            open={files.length > 0 && order === 0}
          >
            <summary>
              {run.report.mode} apply started {run.report.startedAt}, {formatDuration(run.report.durationMs)}:{' '}
              {outcomeCounts(run.report.summary)}
              {files.length === 0 ? '; no file touched' : `; ${files.length} file(s) touched`}
            </summary>
            {files.length > 0 && (
              <table className="grid">
                <thead>
                  <tr>
                    <th>Instance</th>
                    <th>File</th>
                    <th>State</th>
                    <th>Original kept</th>
                  </tr>
                </thead>
                <tbody>
                  {files.map(({ instance, file }) => (
                    <tr key={`${instance}:${file.path}:${file.kind}`}>
                      <td>{instance}</td>
                      <td>
                        <code>{file.path}</code> <span className="muted small">{file.kind}</span>
                      </td>
                      <td>{FILE_STATUS_TEXT[file.status]}</td>
                      <td>
                        {file.backupPath !== undefined ? (
                          <code>{file.backupPath}</code>
                        ) : file.original === 'absent' ? (
                          'nothing (new file)'
                        ) : (
                          'the set-aside file itself'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
        );
      })}
    </section>
  );
}
