// The one serialisation of evidence: the signature covers these exact bytes, so it must never vary.

/** A JSON value as the evidence holds it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serialises a value as canonical evidence text: object keys sorted by UTF-16 code units (as RFC 8785
 * does), two-space indentation, a final newline. `undefined` members are dropped as JSON.stringify does;
 * non-finite numbers and non-plain values are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value, '$'), null, 2)}\n`;
}

function sortKeys(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${String(value)} has no JSON form`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => (item === undefined ? null : sortKeys(item, `${path}[${index}]`)));
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const sorted: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child, `${path}.${key}`);
    }
    return sorted;
  }
  throw new TypeError(`${path}: a ${typeof value === 'object' ? 'non-plain object' : typeof value} has no canonical JSON form`);
}
