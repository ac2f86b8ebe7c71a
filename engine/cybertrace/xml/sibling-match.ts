import type { XmlElement } from './types.js';

// Which child of the old element is which child of the new one. Same-name siblings are matched by a
// key attribute (id, then name, then feedname) when every one of them carries it with unique values on
// both sides, so that inserting an element among keyed siblings is one 'added' and shifts nothing.
// Otherwise they are matched by position among same-name siblings.

/** Attributes that identify an element among its same-name siblings, in order of preference. */
export const KEY_ATTRIBUTES = ['id', 'name', 'feedname'] as const;

/** Matched pairs (old index, new index) and the children found on one side only. */
export interface SiblingMatch {
  readonly pairs: readonly (readonly [number, number])[];
  readonly removed: readonly number[];
  readonly added: readonly number[];
}

/** Matches the children of two versions of one element. */
export function matchSiblings(before: readonly XmlElement[], after: readonly XmlElement[]): SiblingMatch {
  const pairs: [number, number][] = [];
  const removed: number[] = [];
  const added: number[] = [];
  const names = new Set([...before, ...after].map((child) => child.name));
  for (const name of names) {
    const olds = indexesNamed(before, name);
    const news = indexesNamed(after, name);
    const key = olds.length > 1 || news.length > 1 ? sharedKey(before, olds, after, news) : undefined;
    if (key === undefined) {
      const common = Math.min(olds.length, news.length);
      for (let i = 0; i < common; i += 1) pairs.push([olds[i] ?? -1, news[i] ?? -1]);
      removed.push(...olds.slice(common));
      added.push(...news.slice(common));
      continue;
    }
    const newByKey = new Map(news.map((index) => [attributeValue(after[index], key), index]));
    const matchedNew = new Set<number>();
    for (const index of olds) {
      const partner = newByKey.get(attributeValue(before[index], key));
      if (partner === undefined) removed.push(index);
      else {
        pairs.push([index, partner]);
        matchedNew.add(partner);
      }
    }
    added.push(...news.filter((index) => !matchedNew.has(index)));
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { pairs, removed: removed.sort((a, b) => a - b), added: added.sort((a, b) => a - b) };
}

function indexesNamed(children: readonly XmlElement[], name: string): number[] {
  const out: number[] = [];
  children.forEach((child, index) => {
    if (child.name === name) out.push(index);
  });
  return out;
}

function sharedKey(before: readonly XmlElement[], olds: number[], after: readonly XmlElement[], news: number[]): string | undefined {
  return KEY_ATTRIBUTES.find((key) => uniqueValues(before, olds, key) && uniqueValues(after, news, key));
}

function uniqueValues(children: readonly XmlElement[], indexes: number[], key: string): boolean {
  const values = indexes.map((index) => attributeValue(children[index], key));
  return values.every((value) => value !== undefined) && new Set(values).size === values.length;
}

function attributeValue(element: XmlElement | undefined, key: string): string | undefined {
  return element?.attributes.find((attribute) => attribute.name === key)?.value;
}
