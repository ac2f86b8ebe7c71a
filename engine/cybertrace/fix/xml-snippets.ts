import type { XmlDocument, XmlElement } from '../xml/types.js';

// Snippets handed to applyXmlEdits: one element, written with LF (the XML layer lays it out in the
// target file's indentation and line endings).

/** Escapes character data (`&`, `<`, and `>` after `]]` so no CDATA end can appear). */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
}

/** Escapes an attribute value for double quotes. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `<name a="1" b="2">text</name>`: attributes in the order given. */
export function elementXml(name: string, attributes: readonly (readonly [string, string])[], text: string): string {
  const attrs = attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  return `<${name}${attrs}>${escapeText(text)}</${name}>`;
}

/**
 * An element exactly as another document writes it (CDATA, entities, attribute quoting and order kept),
 * line endings as LF: copying the reference's bytes keeps what the reference's CyberTrace reads.
 */
export function rawSnippet(doc: XmlDocument, element: XmlElement): string {
  return doc.source.text.slice(element.start, element.end).replace(/\r\n?/g, '\n');
}
