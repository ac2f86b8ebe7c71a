import { KEY_ATTRIBUTES, matchSiblings } from './sibling-match.js';
import type { SemanticChange, XmlDocument, XmlElement } from './types.js';

/**
 * What changed in meaning between two versions of a file. Not counted: comments, processing
 * instructions, attribute order, whitespace-only text beside child elements (indentation), line
 * endings, quoting and entity spelling. Counted: element names, attribute values, text values (compared
 * after CRLF-to-LF only), and the order of matched children (reported as `<parent>/#order`). Paths are
 * those of the old document; an added element's last segment is its name and index in the new one.
 */
export function semanticDiff(before: XmlDocument, after: XmlDocument): SemanticChange[] {
  const changes: SemanticChange[] = [];
  if (before.root.name !== after.root.name) {
    changes.push({ path: before.root.path, kind: 'removed', before: sourceOf(before, before.root) });
    changes.push({ path: after.root.path, kind: 'added', after: sourceOf(after, after.root) });
    return changes;
  }
  compareElements(before, after, before.root, after.root, changes);
  return changes;
}

function compareElements(beforeDoc: XmlDocument, afterDoc: XmlDocument, old: XmlElement, neu: XmlElement, out: SemanticChange[]): void {
  const newAttributes = new Map(neu.attributes.map((attribute) => [attribute.name, attribute.value]));
  const oldNames = new Set<string>();
  for (const attribute of old.attributes) {
    oldNames.add(attribute.name);
    const value = newAttributes.get(attribute.name);
    const path = `${old.path}/@${attribute.name}`;
    if (value === undefined) out.push({ path, kind: 'removed', before: attribute.value });
    else if (value !== attribute.value) out.push({ path, kind: 'changed', before: attribute.value, after: value });
  }
  for (const attribute of neu.attributes) {
    if (!oldNames.has(attribute.name)) out.push({ path: `${old.path}/@${attribute.name}`, kind: 'added', after: attribute.value });
  }
  // Whitespace beside child elements (in either version) is layout: removing the last child leaves it behind.
  const layoutOnly = old.children.length > 0 || neu.children.length > 0;
  const oldText = significantText(old, layoutOnly);
  const newText = significantText(neu, layoutOnly);
  if (oldText !== newText) out.push({ path: `${old.path}/#text`, kind: 'changed', before: oldText, after: newText });

  const match = matchSiblings(old.children, neu.children);
  for (const index of match.removed) {
    const child = old.children[index];
    if (child) out.push({ path: child.path, kind: 'removed', before: sourceOf(beforeDoc, child) });
  }
  for (const index of match.added) {
    const child = neu.children[index];
    if (child) out.push({ path: `${old.path}/${lastSegment(child.path)}`, kind: 'added', after: sourceOf(afterDoc, child) });
  }
  const newOrder = match.pairs.map(([, index]) => index);
  if (newOrder.some((index, at) => at > 0 && index < (newOrder[at - 1] ?? -1))) {
    out.push({
      path: `${old.path}/#order`,
      kind: 'changed',
      before: match.pairs.map(([index]) => siblingLabel(old.children[index])).join(' '),
      after: [...newOrder]
        .sort((a, b) => a - b)
        .map((index) => siblingLabel(neu.children[index]))
        .join(' '),
    });
  }
  for (const [oldIndex, newIndex] of match.pairs) {
    const oldChild = old.children[oldIndex];
    const newChild = neu.children[newIndex];
    if (oldChild && newChild) compareElements(beforeDoc, afterDoc, oldChild, newChild, out);
  }
}

/** Text that carries meaning: whitespace-only text next to child elements is layout, not value. */
function significantText(element: XmlElement, layoutOnly: boolean): string {
  return layoutOnly && element.text.trim() === '' ? '' : element.text;
}

/** `Source[id=default]` for a keyed element, else its name: enough to read an order change. */
function siblingLabel(element: XmlElement | undefined): string {
  if (!element) return '?';
  const key = KEY_ATTRIBUTES.map((name) => element.attributes.find((attribute) => attribute.name === name)).find(
    (found) => found !== undefined,
  );
  return key ? `${element.name}[${key.name}=${key.value}]` : element.name;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function sourceOf(doc: XmlDocument, element: XmlElement): string {
  return doc.source.text.slice(element.start, element.end).replace(/\r\n?/g, '\n');
}
