import { layoutOf } from './element-layout.js';
import { assertWritable, escapeAttribute } from './escape.js';
import { describeEdit, type Splice } from './splice.js';
import type { XmlDocument, XmlElement } from './types.js';

/** Names this layer writes: ASCII XML names (the files it edits use nothing else). */
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * The splice that sets an attribute: the value between the existing quotes (quote style kept), or a new
 * attribute after the last one, quoted like the last one (`"` when there is none), on a line of its own
 * when the element's attributes stand one per line. None when the value is already that.
 */
export function setAttributeSplice(doc: XmlDocument, element: XmlElement, name: string, value: string, index: number): Splice[] {
  const { text, eol } = doc.source;
  const layout = layoutOf(element, doc.source);
  const what = describeEdit(index, 'set-attribute', `${element.path}/@${name}`);
  if (!ATTRIBUTE_NAME.test(name)) throw new Error(`${what}: "${name}" is not an attribute name this layer writes`);
  assertWritable(value, what);
  const at = element.attributes.findIndex((attribute) => attribute.name === name);
  const existing = element.attributes[at];
  const range = layout.attributeValues[at];
  if (existing && range) {
    if (existing.value === value) return [];
    return [{ start: range.valueStart, end: range.valueEnd, text: escapeAttribute(value, existing.quote), edit: index }];
  }
  const last = element.attributes[element.attributes.length - 1];
  const quote = last?.quote ?? '"';
  const position = last?.end ?? layout.nameEnd;
  let separator = ' ';
  if (last) {
    const before = element.attributes[element.attributes.length - 2]?.end ?? layout.nameEnd;
    const gap = text.slice(before, last.start);
    const newline = gap.lastIndexOf('\n');
    if (newline !== -1) separator = eol + gap.slice(newline + 1);
  }
  return [{ start: position, end: position, text: `${separator}${name}=${quote}${escapeAttribute(value, quote)}${quote}`, edit: index }];
}
