import type { DecodedText } from '../trees/text-style.js';
import type { DriftEdit } from './drift-edits.js';

/** A text edit of a drift: a replacement or a line removal. */
export type TextDriftEdit = Extract<DriftEdit, { kind: 'replace' | 'remove-line' }>;

/**
 * Applies a text edit to a file's content, keeping every other byte (its line endings included).
 * Throws when the fragment does not occur exactly once: the file is not in the form the edit expects.
 */
export function applyTextEdit(file: DecodedText, edit: TextDriftEdit): string {
  const { text } = file;
  if (edit.kind === 'replace') {
    const from = edit.from.replace(/\n/g, file.style.eol);
    const at = onlyOccurrence(text, from);
    return text.slice(0, at) + edit.to.replace(/\n/g, file.style.eol) + text.slice(at + from.length);
  }
  const at = onlyOccurrence(text, edit.containing);
  const start = text.lastIndexOf('\n', at) + 1;
  const newline = text.indexOf('\n', at);
  return text.slice(0, start) + (newline < 0 ? '' : text.slice(newline + 1));
}

/** The index of the only occurrence of `fragment`. */
function onlyOccurrence(text: string, fragment: string): number {
  const first = text.indexOf(fragment);
  const count = first < 0 ? 0 : text.split(fragment).length - 1;
  if (count !== 1) throw new Error(`expected exactly one ${JSON.stringify(fragment)}, found ${count}`);
  return first;
}
