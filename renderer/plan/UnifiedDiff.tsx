import { CR_MARK, crSegments, diffLines } from './diff-lines.js';

/** A unified diff in monospace: added lines green, removed red, hunks muted; carriage returns made visible. */
export function UnifiedDiff({ diff, testId }: { readonly diff: string; readonly testId?: string }) {
  const lines = diffLines(diff);
  const anyCr = lines.some((line) => line.crlf || line.text.includes(CR_MARK));
  return (
    <div className="diff" data-testid={testId}>
      {anyCr && <div className="small muted diff-legend">{CR_MARK} marks a carriage return (CR): this file has CRLF line endings.</div>}
      <pre className="diff-body">
        {lines.map((line, index) => (
          <div key={index} className={`diff-line diff-${line.kind}`}>
            {crSegments(line.text).map((segment, part) =>
              segment.cr ? (
                <span key={part} className="cr-mark">
                  {segment.text}
                </span>
              ) : (
                segment.text
              ),
            )}
            {line.crlf && (
              <span className="cr-mark" title="carriage return">
                {CR_MARK}
              </span>
            )}
            {line.text === '' && !line.crlf && ' '}
          </div>
        ))}
      </pre>
    </div>
  );
}
