import { describe, expect, test } from 'vitest';
import { parseXmlDocument, semanticDiff, type XmlDocument } from '../../../../engine/cybertrace/xml/index.js';
import { fileBytes, labTexts } from './xml-test-helpers.js';

const parse = (text: string, style: { eol?: '\n' | '\r\n'; bom?: boolean } = {}): XmlDocument =>
  parseXmlDocument(fileBytes(text, style), 'diff');
const diff = (a: string, b: string) => semanticDiff(parse(a), parse(b));

describe('semanticDiff ignores', () => {
  test('attribute order, quote style and entity spelling', () => {
    expect(diff(`<a><b x="1" y='A&amp;'/></a>`, `<a><b y="&#65;&#x26;" x='1'/></a>`)).toEqual([]);
  });

  test('CRLF versus LF, a BOM, indentation and blank lines', () => {
    const before = parse(labTexts.service5x, { eol: '\r\n', bom: true });
    const after = parse(labTexts.service5x.replace(/\n {2}/g, '\n\t').replace(/<\/Domains>\n/, '</Domains>\n\n'));
    expect(semanticDiff(before, after)).toEqual([]);
  });

  test('comments and processing instructions anywhere', () => {
    expect(diff('<a>\n  <b>x</b>\n</a>', '<!-- top --><a>\n  <!-- c --><?pi x?>\n  <b>x</b> <!-- after -->\n</a>')).toEqual([]);
  });

  test('<b/> versus <b></b>, and CDATA versus escaped text with the same value', () => {
    expect(diff('<a><b/><c><![CDATA[<x>]]></c></a>', '<a><b></b><c>&lt;x&gt;</c></a>')).toEqual([]);
  });

  test('the order of keyed siblings is not ignored, the layout around them is', () => {
    expect(diff('<a>\n  <s id="1"/>\n  <s id="2"/>\n</a>', '<a><s id="1"/><s id="2"/></a>')).toEqual([]);
  });
});

describe('semanticDiff reports', () => {
  test('a one-character text change, with both values', () => {
    const changed = labTexts.service5x.replace('<ScannersCount>9</ScannersCount>', '<ScannersCount>8</ScannersCount>');
    expect(semanticDiff(parse(labTexts.service5x), parse(changed))).toEqual([
      { path: 'Configuration/ServiceSettings/ScanSettings/ScannersCount/#text', kind: 'changed', before: '9', after: '8' },
    ]);
  });

  test('a one-character attribute change', () => {
    const changed = labTexts.service4x.replace('<FinishedEventFormat enabled="true">', '<FinishedEventFormat enabled="truE">');
    expect(semanticDiff(parse(labTexts.service4x), parse(changed))).toEqual([
      { path: 'Configuration/OutputSettings/FinishedEventFormat/@enabled', kind: 'changed', before: 'true', after: 'truE' },
    ]);
  });

  test('whitespace inside a leaf value counts', () => {
    expect(diff('<a><b>x</b></a>', '<a><b>x </b></a>')).toEqual([{ path: 'a/b/#text', kind: 'changed', before: 'x', after: 'x ' }]);
  });

  test('attributes added and removed', () => {
    expect(diff('<a x="1"/>', '<a y="2"/>')).toEqual([
      { path: 'a/@x', kind: 'removed', before: '1' },
      { path: 'a/@y', kind: 'added', after: '2' },
    ]);
  });

  test('an element inserted among keyed siblings is one addition', () => {
    const before = '<r>\n  <Source id="a"><x>1</x></Source>\n  <Source id="b"><x>2</x></Source>\n</r>';
    const after = '<r>\n  <Source id="a"><x>1</x></Source>\n  <Source id="new"><x>9</x></Source>\n  <Source id="b"><x>2</x></Source>\n</r>';
    expect(diff(before, after)).toEqual([{ path: 'r/Source[2]', kind: 'added', after: '<Source id="new"><x>9</x></Source>' }]);
  });

  test('keys: name, then feedname, when id is missing', () => {
    expect(diff('<r><f name="a">1</f><f name="b">2</f></r>', '<r><f name="b">2</f></r>').map((c) => [c.path, c.kind])).toEqual([
      ['r/f[1]', 'removed'],
    ]);
    expect(
      diff('<r><f feedname="a"/><f feedname="b"/></r>', '<r><f feedname="z"/><f feedname="a"/><f feedname="b"/></r>').map((c) => c.path),
    ).toEqual(['r/f[1]']);
  });

  test('unkeyed siblings match by position, so an insertion in the middle shows as shifted values', () => {
    const changes = diff(
      '<r><Feed><Name>A</Name></Feed><Feed><Name>B</Name></Feed></r>',
      '<r><Feed><Name>A</Name></Feed><Feed><Name>N</Name></Feed><Feed><Name>B</Name></Feed></r>',
    );
    expect(changes).toEqual([
      { path: 'r/Feed[3]', kind: 'added', after: '<Feed><Name>B</Name></Feed>' },
      { path: 'r/Feed[2]/Name/#text', kind: 'changed', before: 'B', after: 'N' },
    ]);
  });

  test('reordered keyed siblings', () => {
    expect(diff('<r><s id="1"/><s id="2"/></r>', '<r><s id="2"/><s id="1"/></r>')).toEqual([
      { path: 'r/#order', kind: 'changed', before: 's[id=1] s[id=2]', after: 's[id=2] s[id=1]' },
    ]);
  });

  test('reordered differently named siblings', () => {
    expect(diff('<r><REQ/><RE_URL/></r>', '<r><RE_URL/><REQ/></r>')).toEqual([
      { path: 'r/#order', kind: 'changed', before: 'REQ RE_URL', after: 'RE_URL REQ' },
    ]);
  });

  test('a removed element, with its source (LF)', () => {
    const changes = semanticDiff(parse('<a>\n  <b>\n    <c/>\n  </b>\n</a>', { eol: '\r\n' }), parse('<a>\n</a>'));
    expect(changes).toEqual([{ path: 'a/b', kind: 'removed', before: '<b>\n    <c/>\n  </b>' }]);
  });

  test('a renamed root', () => {
    expect(diff('<Settings/>', '<Configuration/>').map((c) => [c.path, c.kind])).toEqual([
      ['Settings', 'removed'],
      ['Configuration', 'added'],
    ]);
  });
});
