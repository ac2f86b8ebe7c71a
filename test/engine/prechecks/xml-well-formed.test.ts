import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../../../engine/prechecks/xml-well-formed.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('xmlProblem', () => {
  it('accepts a well-formed file with one root, a BOM, CRLF, CDATA and ">" inside attributes', () => {
    const text =
      '\uFEFF<?xml version="1.0"?>\r\n<!-- c -->\r\n<Configuration><A x="a>b"/><B><![CDATA[<not a tag>]]></B></Configuration>\r\n';
    expect(xmlProblem(bytes(text))).toBeUndefined();
  });

  it('refuses a DOCTYPE, mismatched tags and a second root', () => {
    expect(xmlProblem(bytes('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))).toMatch(/DOCTYPE/);
    expect(xmlProblem(bytes('<a><b></a></b>'))).toMatch(/^not well-formed: .*line 1/);
    expect(xmlProblem(bytes('<a/><b/>'))).toBe('expected exactly one root element, found 2');
  });
});
