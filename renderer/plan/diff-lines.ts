/** The mark the engine puts in place of a carriage return when line endings are what changed. */
export const CR_MARK = '\u240d';

/** One line of a unified diff as the preview shows it. */
export interface DiffLine {
  readonly kind: 'add' | 'remove' | 'context' | 'hunk' | 'header' | 'note';
  readonly text: string;
  /** The line ended with a raw CR (a CRLF file): shown as a mark, since a browser would hide it. */
  readonly crlf: boolean;
}

/** Splits a unified diff into typed lines; a trailing raw CR is taken off the text and flagged, the engine's ␍ marks are kept as they are. */
export function diffLines(diff: string): DiffLine[] {
  const lines = diff.split('\n');
  // The last element after a final newline is not a line.
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw) => {
    const crlf = raw.endsWith('\r');
    const text = crlf ? raw.slice(0, -1) : raw;
    return { kind: kindOf(text), text, crlf };
  });
}

/** Splits a line into plain runs and the ␍ marks in it, so the marks can be highlighted. */
export function crSegments(text: string): { readonly text: string; readonly cr: boolean }[] {
  const segments: { text: string; cr: boolean }[] = [];
  for (const [index, part] of text.split(CR_MARK).entries()) {
    if (index > 0) segments.push({ text: CR_MARK, cr: true });
    if (part !== '') segments.push({ text: part, cr: false });
  }
  return segments;
}

function kindOf(line: string): DiffLine['kind'] {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:') || line.startsWith('====')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'remove';
  if (line.startsWith('\\')) return 'note';
  return 'context';
}
