import { describe, expect, test } from 'vitest';
import { isConfigXmlError, parseXmlDocument, type ConfigXmlErrorCode } from '../../../../engine/cybertrace/xml/index.js';
import { fileBytes } from './xml-test-helpers.js';

const LABEL = '/opt/kaspersky/ksp/etc/kl_feed_service.conf';

function refusal(bytes: Uint8Array): { code: ConfigXmlErrorCode; message: string; label: string } {
  try {
    parseXmlDocument(bytes, LABEL);
  } catch (error) {
    if (!isConfigXmlError(error)) throw error;
    return { code: error.code, message: error.message, label: error.label };
  }
  return expect.fail('the document was accepted');
}

describe('parseXmlDocument refuses', () => {
  const billionLaughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    ' <!ENTITY lol "lol">',
    ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
    ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
    ']>',
    '<lolz>&lol3;</lolz>',
  ].join('\n');

  test.each([
    ['a billion-laughs DOCTYPE', billionLaughs, 'doctype', /<!DOCTYPE declaration at line 2, column 1/],
    ['an external entity', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', 'doctype', /DOCTYPE/],
    ['a bare ENTITY declaration', '<a/>\n<!ENTITY x "y">', 'doctype', /<!ENTITY declaration at line 2/],
    ['a lower-case doctype', '<!doctype a><a/>', 'doctype', /DOCTYPE/],
    ['two root elements', '<Configuration/>\n<Configuration/>', 'root', /second root element <Configuration> .*line 2, column 1/],
    ['mismatched tags', '<Settings><EULA>accepted</Feeds></Settings>', 'not-well-formed', /line 1, column \d+: .*closing tag/],
    ['an unclosed element', '<Settings>\n  <EULA>accepted</EULA>\n', 'not-well-formed', /line/],
    ['an empty file', '', 'root', /empty/],
    ['a whitespace-only file', ' \n\t\n', 'root', /empty/],
    ['a text-only file', 'accepted\n', 'root', /no root element/],
    ['a comment-only file', '<?xml version="1.0"?>\n<!-- nothing -->\n', 'root', /no root element/],
    ['an undefined entity', '<a>&nbsp;</a>', 'not-well-formed', /"&nbsp;".*line 1, column 4/],
    ['a reference to a forbidden character', '<a>&#0;</a>', 'not-well-formed', /&#0;/],
    ['a raw control character', '<a>\u0001</a>', 'not-well-formed', /U\+0001/],
    ['"<" in an attribute value', '<a b="x<y"/>', 'not-well-formed', /"<" inside the value of attribute b/],
    ['"]]>" in text', '<a>x]]>y</a>', 'not-well-formed', /\]\]>/],
    ['a repeated attribute', '<a b="1" b="2"/>', 'not-well-formed', /repeated/],
    ['an unquoted attribute', '<a b=1/>', 'not-well-formed', /line 1/],
    ['a declared non-UTF-8 encoding', '<?xml version="1.0" encoding="windows-1251"?>\n<a/>', 'encoding', /windows-1251/],
  ] as const)('%s', (_name, text, code, message) => {
    const error = refusal(fileBytes(text));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${LABEL}: `)).toBe(true);
    expect(error.label).toBe(LABEL);
  });

  test('invalid UTF-8, naming the byte offset', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<a>caf'), 0xe9, ...new TextEncoder().encode('</a>')]);
    const error = refusal(bytes);
    expect(error.code).toBe('encoding');
    expect(error.message).toContain('offset 6');
    expect(error.message).toContain(LABEL);
  });

  test('UTF-16 with its BOM (not UTF-8)', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]);
    expect(refusal(utf16).code).toBe('encoding');
  });

  test('an overlong UTF-8 encoding of "<"', () => {
    expect(refusal(new Uint8Array([0x3c, 0x61, 0x3e, 0xc0, 0xbc, 0x3c, 0x2f, 0x61, 0x3e])).code).toBe('encoding');
  });

  test('nesting deeper than the parser allows', () => {
    const deep = `${'<a>'.repeat(150)}${'</a>'.repeat(150)}`;
    expect(refusal(fileBytes(deep)).code).toBe('not-well-formed');
  });
});
