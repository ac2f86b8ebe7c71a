import type { XmlElement } from './types.js';

/** The first child element named `name` (and carrying attribute `attr.name` = `attr.value` when given). */
export function findChild(el: XmlElement, name: string, attr?: { readonly name: string; readonly value: string }): XmlElement | undefined {
  return el.children.find(
    (child) => child.name === name && (attr === undefined || child.attributes.some((a) => a.name === attr.name && a.value === attr.value)),
  );
}

/** Every child element named `name`, in document order. */
export function findChildren(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((child) => child.name === name);
}

/**
 * The element at a slash path below `el` (`A/B/C`; a segment may carry a 1-based index `B[2]` among
 * same-name siblings, without one the first is taken). `''` is `el` itself.
 */
export function findPath(el: XmlElement, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = el;
  for (const segment of path.split('/').filter((s) => s !== '')) {
    if (!current) return undefined;
    const match = /^(.+?)(?:\[(\d+)\])?$/.exec(segment);
    const name = match?.[1] ?? segment;
    const index = match?.[2] === undefined ? 1 : Number(match[2]);
    current = findChildren(current, name)[index - 1];
  }
  return current;
}
