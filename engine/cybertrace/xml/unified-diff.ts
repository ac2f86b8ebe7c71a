import { createTwoFilesPatch, structuredPatch } from 'diff';

/** Shown for a carriage return when line endings change, so that a CRLF change is never an invisible diff line. */
export const CR_MARK = '\u240d';

/**
 * A unified diff (3 lines of context) of two versions of a file. When some line differs only by its
 * carriage return, every CR is shown as ␍ so the reader sees what changes.
 */
export function unifiedDiff(label: string, before: string, after: string): string {
  if (!differsOnlyByCr(before, after)) return createTwoFilesPatch(label, label, before, after, 'before', 'after', { context: 3 });
  return createTwoFilesPatch(
    label,
    label,
    before.replace(/\r/g, CR_MARK),
    after.replace(/\r/g, CR_MARK),
    `before (${CR_MARK} = CR)`,
    `after (${CR_MARK} = CR)`,
    {
      context: 3,
    },
  );
}

function differsOnlyByCr(before: string, after: string): boolean {
  if (!before.includes('\r') && !after.includes('\r')) return false;
  const patch = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 });
  return patch.hunks.some((hunk) => {
    const removed = new Set(hunk.lines.filter((line) => line.startsWith('-')).map((line) => stripCr(line.slice(1))));
    return hunk.lines.some((line) => line.startsWith('+') && removed.has(stripCr(line.slice(1))));
  });
}

function stripCr(line: string): string {
  return line.replace(/\r$/, '');
}
