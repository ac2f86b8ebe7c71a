import { layoutOf } from './element-layout.js';
import { indentStep, layoutSnippet, lineEndAfter, lineStartOf } from './indentation.js';
import { describeEdit, type Splice } from './splice.js';
import type { XmlDocument, XmlEdit, XmlElement } from './types.js';

type InsertEdit = Extract<XmlEdit, { kind: 'insert-child' }>;

/**
 * The splice that inserts one element in the style of its siblings: their indentation (or the parent's
 * plus the document's step when there are none), on a line of its own after the reference sibling's
 * line (or after the parent's start tag for 'first'), or inline when the siblings share one line. A
 * self-closing or empty parent is opened; several insertions into it merge into one expansion.
 */
export function insertChildSplice(doc: XmlDocument, edit: InsertEdit, index: number): Splice[] {
  const { text, eol } = doc.source;
  const { parent, position } = edit;
  const parentLayout = layoutOf(parent, doc.source);
  const what = describeEdit(index, 'insert-child', parent.path);
  const children = parent.children;
  if (typeof position === 'object' && !children.includes(position.after)) {
    throw new Error(`${what}: the element to insert after (${position.after.path}) is not a child of ${parent.path}`);
  }
  if (children.length > 0) {
    const reference = position === 'first' ? children[0] : position === 'last' ? children[children.length - 1] : position.after;
    if (!reference) throw new Error(`${what}: no reference sibling`);
    const indented = layoutOf(reference, doc.source).ownLine ? reference : children.find((child) => layoutOf(child, doc.source).ownLine);
    if (!indented) {
      // Siblings share one line: keep the new element on it too.
      const snippet = layoutSnippet(edit.xml, parentLayout.lineIndent, indentStep(doc), eol, what);
      const at = position === 'first' ? reference.start : reference.end;
      return [{ start: at, end: at, text: snippet, edit: index }];
    }
    const snippet = layoutSnippet(edit.xml, indented.indent, indentStep(doc), eol, what);
    const at = lineEndAfter(text, position === 'first' ? parent.openEnd : reference.end);
    return [{ start: at, end: at, text: eol + indented.indent + snippet, edit: index }];
  }
  return [emptyParentSplice(doc, parent, edit.xml, index, what)];
}

function emptyParentSplice(doc: XmlDocument, parent: XmlElement, xml: string, index: number, what: string): Splice {
  const { text, eol } = doc.source;
  const layout = layoutOf(parent, doc.source);
  const inner = layout.content.filter((part) => part.kind !== 'text' || text.slice(part.start, part.end).trim() !== '');
  if (inner.some((part) => part.kind === 'text' || part.kind === 'cdata')) {
    throw new Error(`${what}: <${parent.name}> holds a text value; a child element there would make mixed content`);
  }
  const step = indentStep(doc);
  const parentIndent = layout.ownLine ? parent.indent : layout.lineIndent;
  const childIndent = parentIndent + step;
  const snippet = layoutSnippet(xml, childIndent, step, eol, what);
  const key = `parent@${parent.start}`;
  if (!layout.ownLine) {
    // A parent that shares its line with other markup gets its child inline.
    if (parent.selfClosing) return merged(layout.selfCloseAt, parent.end, '>', snippet, `</${parent.name}>`);
    return { start: parent.closeStart, end: parent.closeStart, text: snippet, edit: index };
  }
  const item = eol + childIndent + snippet;
  if (parent.selfClosing) return merged(layout.selfCloseAt, parent.end, '>', item, `${eol}${parentIndent}</${parent.name}>`);
  if (inner.length === 0) return merged(parent.openEnd, parent.closeStart, '', item, eol + parentIndent);
  // Only comments or processing instructions inside: after them, before the end tag's line.
  const closeLine = lineStartOf(text, parent.closeStart);
  if (/^[ \t]*$/.test(text.slice(closeLine, parent.closeStart)) && closeLine > parent.openEnd) {
    return { start: closeLine, end: closeLine, text: childIndent + snippet + eol, edit: index };
  }
  return { start: parent.closeStart, end: parent.closeStart, text: item + eol + parentIndent, edit: index };

  function merged(start: number, end: number, before: string, item: string, after: string): Splice {
    return { start, end, text: before + item + after, edit: index, merge: { key, before, item, after } };
  }
}
