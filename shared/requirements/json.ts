// Observed values travel as JSON (evidence file, contract, renderer); comparisons and grouping need one
// spelling per value, whatever order a file or an object happened to list things in.

/** A JSON value; observed values and findings are made of these only. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** JSON text with object keys sorted at every level and no spaces: equal values give equal text. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (isJsonArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
}

/** Whether two JSON values are equal (object key order ignored, array order kept). */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Sorts items by their canonical JSON, for lists whose order carries no meaning. */
export function sortCanonically<T extends JsonValue>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: canonicalJson(item) }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map(({ item }) => item);
}

/** Code-unit string order, independent of the locale (sorting must give the same bytes everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isJsonArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}
