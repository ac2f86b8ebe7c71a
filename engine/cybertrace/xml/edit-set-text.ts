import { layoutOf } from './element-layout.js';
import { normalizeLineEnds } from './entities.js';
import { assertWritable, cdataSections, escapeText } from './escape.js';
import { describeEdit, type Splice } from './splice.js';
import type { XmlDocument, XmlElement } from './types.js';

/**
 * The splice that gives a leaf element a new text value, or none when the value is already that (so
 * an unchanged value never rewrites `&#65;` as `A`). CDATA stays CDATA; a self-closing tag is opened.
 */
export function setTextSplice(doc: XmlDocument, element: XmlElement, value: string, index: number): Splice[] {
  const { eol } = doc.source;
  const layout = layoutOf(element, doc.source);
  const what = describeEdit(index, 'set-text', element.path);
  const wanted = normalizeLineEnds(value);
  if (wanted === element.text) return [];
  if (element.children.length > 0)
    throw new Error(`${what}: <${element.name}> has child elements; set-text only replaces the text of a leaf element`);
  assertWritable(wanted, what);
  const written = (element.cdata ? cdataSections(wanted) : escapeText(wanted)).replace(/\n/g, eol);
  if (element.selfClosing) {
    return [{ start: layout.selfCloseAt, end: element.end, text: `>${written}</${element.name}>`, edit: index }];
  }
  const parts = layout.content;
  const valueParts = parts.filter((part) => part.kind === 'text' || part.kind === 'cdata');
  const first = valueParts[0];
  const last = valueParts[valueParts.length - 1];
  if (!first || !last) {
    // Only comments or processing instructions inside: the value goes after them.
    return [{ start: element.closeStart, end: element.closeStart, text: written, edit: index }];
  }
  if (parts.some((part) => part.start > first.start && part.start < last.start && part.kind !== 'text' && part.kind !== 'cdata')) {
    throw new Error(`${what}: <${element.name}> mixes its text with comments or processing instructions; edit it by hand`);
  }
  return [{ start: first.start, end: last.end, text: written, edit: index }];
}
