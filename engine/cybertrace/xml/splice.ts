// What every edit turns into: replace [start, end) of the original text. Insertions into the same
// empty parent share a merge key so that several of them become one expansion of that parent.

/** One replacement of the original text. */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Index of the edit in the caller's list (for messages). */
  readonly edit: number;
  /** Set when several splices of this key must be combined: before + items in edit order + after. */
  readonly merge?: { readonly key: string; readonly before: string; readonly item: string; readonly after: string };
}

/** Describes an edit for an error message: `edit 2 (set-text on Configuration/EULA)`. */
export function describeEdit(index: number, kind: string, path: string): string {
  return `edit ${index + 1} (${kind} on ${path})`;
}
