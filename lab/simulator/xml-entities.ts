import { ConfigError } from './config-error.js';

// The parser runs with entity processing off (it would leave character references undecoded and
// could not tell CDATA from text afterwards), so references are decoded here, in one pass.
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; any other `&` is not well-formed. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&<\s]{0,16});|&/g, (whole: string, body: string | undefined) => {
    if (body === undefined) throw new ConfigError('malformed', `not well-formed XML: a bare '&' in "${clip(text)}"`);
    const decoded = body.startsWith('#')
      ? fromCharacterReference(body.slice(1))
      : Object.hasOwn(PREDEFINED, body)
        ? PREDEFINED[body]
        : undefined;
    if (decoded === undefined) throw new ConfigError('malformed', `not well-formed XML: undeclared entity ${whole}`);
    return decoded;
  });
}

function fromCharacterReference(digits: string): string | undefined {
  const code = /^x[0-9A-Fa-f]{1,6}$/.test(digits)
    ? parseInt(digits.slice(1), 16)
    : /^[0-9]{1,7}$/.test(digits)
      ? parseInt(digits, 10)
      : NaN;
  // XML Char production: no NUL, no surrogates, nothing above U+10FFFF.
  const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff));
  return legal ? String.fromCodePoint(code) : undefined;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
