import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lab/simulator/config-error.js';
import { descend, parseXmlDocument } from '../../../lab/simulator/xml-tree.js';

const refusal = (text: string): ConfigError => {
  try {
    parseXmlDocument(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseXmlDocument', () => {
  it('reads any root name, attributes, and text with entities decoded', () => {
    const root = parseXmlDocument('<Anything><A b="x &amp; y">1 &lt; 2 &#x41;&#66;</A></Anything>');
    expect(root.name).toBe('Anything');
    const a = descend(root, 'A');
    expect(a?.attributes.get('b')).toBe('x & y');
    expect(a?.text).toBe('1 < 2 AB');
  });

  it('keeps plain text verbatim like CDATA (the shared rule, values/xml-text.ts): nothing trimmed, CRLF read as LF', () => {
    const root = parseXmlDocument('<r><F>\r\n   %REQ% x  \r\n</F><C><![CDATA[ %ParamName%:&amp;]]></C></r>');
    expect(descend(root, 'F')?.text).toBe('\n   %REQ% x  \n');
    expect(descend(root, 'C')?.text).toBe(' %ParamName%:&amp;');
  });

  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    const root = parseXmlDocument('\uFEFF<?xml version="1.0"?>\r\n<r>\r\n  <A>v</A>\r\n</r>\r\n');
    expect(descend(root, 'A')?.text).toBe('v');
  });

  it('refuses a DOCTYPE, even without entities', () => {
    expect(refusal('<?xml version="1.0"?><!DOCTYPE r><r/>').problem).toBe('doctype');
    expect(refusal('<!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>').problem).toBe('doctype');
  });

  it('refuses what is not well-formed, saying where', () => {
    expect(refusal('<r><a></r>')).toMatchObject({ problem: 'malformed', message: expect.stringMatching(/line 1, column \d+/) as unknown });
    expect(refusal('<a/><b/>').message).toBe('expected exactly one root element, found 2');
    expect(refusal('<a/>trailing').problem).toBe('malformed');
    expect(refusal('<a>&nbsp;</a>').message).toContain('undeclared entity &nbsp;');
    expect(refusal('<a>fish & chips</a>').problem).toBe('malformed');
    expect(refusal('').problem).toBe('malformed');
  });
});
