import { layoutOf } from './element-layout.js';
import { indentStep, layoutSnippet, lineStartOf } from './indentation.js';
import { describeEdit, type Splice } from './splice.js';
import type { XmlDocument, XmlElement } from './types.js';

/** The splice that replaces a whole element by a snippet laid out at the element's indentation. */
export function replaceElementSplice(doc: XmlDocument, element: XmlElement, xml: string, index: number): Splice[] {
  const { eol } = doc.source;
  const layout = layoutOf(element, doc.source);
  const what = describeEdit(index, 'replace-element', element.path);
  const snippet = layoutSnippet(xml, layout.ownLine ? element.indent : layout.lineIndent, indentStep(doc), eol, what);
  return [{ start: element.start, end: element.end, text: snippet, edit: index }];
}

/** The splice that removes an element, with its line when nothing else stands on that line. */
export function removeElementSplice(doc: XmlDocument, element: XmlElement, index: number): Splice[] {
  const { text } = doc.source;
  const layout = layoutOf(element, doc.source);
  if (!layout.parent) throw new Error(`${describeEdit(index, 'remove-element', element.path)}: the root element cannot be removed`);
  const newline = text.indexOf('\n', element.end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  if (layout.ownLine && /^[ \t\r\n]*$/.test(text.slice(element.end, lineEnd))) {
    return [{ start: lineStartOf(text, element.start), end: lineEnd, text: '', edit: index }];
  }
  return [{ start: element.start, end: element.end, text: '', edit: index }];
}
