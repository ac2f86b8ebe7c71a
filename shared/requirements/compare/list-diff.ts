import { canonicalJson, compareStrings, type JsonValue } from '../json.js';

/** Keyed items of two lists that only one side has, and those both have with different content. */
export interface ListDiff {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly changed: readonly string[];
}

/** Compares two lists item by key (the first item wins when a key repeats; repeats are compared as extra items). */
export function diffByKey<T extends JsonValue>(reference: readonly T[], instance: readonly T[], key: (item: T) => string): ListDiff {
  const refMap = keyed(reference, key);
  const instMap = keyed(instance, key);
  const missing = [...refMap.keys()].filter((k) => !instMap.has(k));
  const extra = [...instMap.keys()].filter((k) => !refMap.has(k));
  const changed = [...refMap.keys()].filter((k) => {
    const other = instMap.get(k);
    return other !== undefined && other !== refMap.get(k);
  });
  return { missing: missing.sort(compareStrings), extra: extra.sort(compareStrings), changed: changed.sort(compareStrings) };
}

/** "missing a, b; extra c; different d", or '' when the lists agree. */
export function describeListDiff(diff: ListDiff, noun: string): string {
  const parts: string[] = [];
  if (diff.missing.length > 0) parts.push(`missing ${noun} ${diff.missing.join(', ')}`);
  if (diff.extra.length > 0) parts.push(`extra ${noun} ${diff.extra.join(', ')}`);
  if (diff.changed.length > 0) parts.push(`different ${noun} ${diff.changed.join(', ')}`);
  return parts.join('; ');
}

/** Whether a diff found anything. */
export function isEmptyDiff(diff: ListDiff): boolean {
  return diff.missing.length + diff.extra.length + diff.changed.length === 0;
}

// Items with the same key are kept apart (`name#2`), so a duplicated entry shows up instead of hiding.
function keyed<T extends JsonValue>(items: readonly T[], key: (item: T) => string): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of items) {
    const base = key(item);
    let name = base;
    for (let n = 2; map.has(name); n++) name = `${base}#${String(n)}`;
    map.set(name, canonicalJson(item));
  }
  return map;
}
