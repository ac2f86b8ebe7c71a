import { isXmlChar } from './entities.js';

// Writing values back: as little escaping as XML needs, so that a new value reads like its neighbours.

/** Throws when a value holds a character XML 1.0 cannot carry at all (not even as a reference). */
export function assertWritable(value: string, what: string): void {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (!isXmlChar(code) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new Error(`${what}: character U+${code.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML`);
    }
  }
}

/** Character data: `&`, `<` and `>` as references; line ends are the caller's business. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One CDATA section, or several when the value itself contains `]]>` (split between `]]` and `>`). */
export function cdataSections(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * An attribute value for the given quote: `&`, `<` and that quote as references, and tab, LF and CR as
 * character references because a parser turns literal ones into spaces (attribute-value normalisation).
 */
export function escapeAttribute(value: string, quote: '"' | "'"): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
  return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&apos;');
}
