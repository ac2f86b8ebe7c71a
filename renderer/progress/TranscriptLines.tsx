// The last remote operations of one instance: command (already redacted by the engine), exit status and duration.
import type { TranscriptLine } from '../store/progress-runs.js';

/** Lines shown when a row is opened; the run's result and report keep the whole transcript. */
export const TRANSCRIPT_LINES_SHOWN = 50;

/** The newest lines, oldest first, with how many earlier ones are not shown. */
export function TranscriptLines({
  instance,
  lines,
  operations,
}: {
  readonly instance: string;
  readonly lines: readonly TranscriptLine[];
  readonly operations: number;
}) {
  if (lines.length === 0) return <p className="small muted">No remote command yet.</p>;
  const shown = lines.slice(-TRANSCRIPT_LINES_SHOWN);
  return (
    <>
      {operations > shown.length && (
        <p className="small muted">
          The last {shown.length} of {operations} operations:
        </p>
      )}
      {/* It scrolls: focusable so a keyboard can scroll it too. */}
      <ol className="progress-transcript" tabIndex={0} aria-label={`Transcript of ${instance}`}>
        {shown.map((line, index) => (
          <li key={operations - shown.length + index}>
            <code>{line.command}</code>{' '}
            <span className={line.exit === 0 ? 'muted' : 'progress-exit-bad'}>
              exit {line.exit ?? 'none'}, {Math.round(line.ms)} ms{line.error === undefined ? '' : `: ${line.error}`}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
