import { describe, expect, test } from 'vitest';
import { isConfigXmlError, parseXmlDocument } from '../../../../engine/cybertrace/xml/index.js';
import { crossCheckWithParser } from '../../../../engine/cybertrace/xml/parser-cross-check.js';
import { scanRootElement } from '../../../../engine/cybertrace/xml/scan-elements.js';
import { fileBytes } from './xml-test-helpers.js';

// The cross-check is what makes the located tree trustworthy: it must bite on any difference.

function disagreement(scanned: string, parsed: string): string {
  const root = scanRootElement(scanned, 'x', {});
  try {
    crossCheckWithParser(parsed, 'x.conf', root);
  } catch (error) {
    if (isConfigXmlError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'agreed';
}

describe('crossCheckWithParser', () => {
  test('agrees with itself', () => {
    expect(disagreement('<a x="1">t<b/></a>', '<a x="1">t<b/></a>')).toBe('agreed');
  });

  test.each([
    ['an attribute value', '<a x="1"/>', '<a x="2"/>', /value of attribute x/],
    ['an element name', '<a><b/></a>', '<a><c/></a>', /parser element name c/],
    ['a start offset', '<a> <b/></a>', '<a><b/> </a>', /<a\/b> at line 1, column 5: parser start offset 3/],
    ['a text', '<a>x</a>', '<a>y</a>', /text content/],
    ['a missing child', '<a><b/><cc/></a>', '<a><b/><?p?></a>', /1 child elements in the parser, 2 in the scanner/],
    ['an extra attribute', '<a x="1"      />', '<a x="1" y="2"/>', /2 attributes in the parser, 1 in the scanner/],
  ])('refuses a different %s', (_what, scanned, parsed, message) => {
    const result = disagreement(scanned, parsed);
    expect(result).toMatch(/^not-well-formed: x\.conf: fast-xml-parser and the offset scanner read this file differently/);
    expect(result).toMatch(message);
  });
});

describe('edge cases both readers agree on', () => {
  test.each([
    ['namespaced names', '<cfg:Settings xmlns:cfg="urn:x"><cfg:EULA xml:lang="en">accepted</cfg:EULA></cfg:Settings>'],
    ['dots and dashes in names', '<a.b-c><d_e.f-g h.i-j="1"/></a.b-c>'],
    ['an attribute value over two lines', '<a x="1\r\n2"/>'],
    ['a tab in an attribute value', '<a x="1\t2"/>'],
    ['a CR character reference', '<a x="&#13;">&#13;&#10;</a>'],
    ['whitespace in end tags and around "="', '<a x = "1" ><b></b   ></a >'],
    ['an empty CDATA section', '<a><![CDATA[]]></a>'],
    ['text split by a comment', '<a>x<!-- c -->y</a>'],
  ])('%s', (_name, text) => {
    const doc = parseXmlDocument(fileBytes(text), 'edge');
    expect(doc.source.text.slice(doc.root.start, doc.root.end)).toBe(text);
  });

  test('values read as a strict reader would for references, literally otherwise', () => {
    const doc = parseXmlDocument(fileBytes('<a x="1\r\n2" y="&#13;" z="1\t2">&#13;&#10;x<!-- c -->y</a>'), 'edge');
    expect(doc.root.attributes.map((a) => a.value)).toEqual(['1\n2', '\r', '1\t2']);
    expect(doc.root.text).toBe('\r\nxy');
  });
});
