import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { findChild, findChildren, findPath, parseXmlDocument, type XmlDocument } from '../../../../engine/cybertrace/xml/index.js';
import { CORPUS, CORPUS_LONG_VALUE } from './corpus.js';
import { allElements, fileBytes, labTexts } from './xml-test-helpers.js';

const documents: [string, Uint8Array][] = [
  ...Object.values(CORPUS).map((c): [string, Uint8Array] => [c.name, fileBytes(c.text, c)]),
  ...Object.entries(labTexts).flatMap(([name, text]): [string, Uint8Array][] => [
    [`lab ${name} (LF)`, fileBytes(text)],
    [`lab ${name} (CRLF, BOM)`, fileBytes(text, { eol: '\r\n', bom: true })],
  ]),
];

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Element names and start offsets as fast-xml-parser reports them, depth first. */
function parserElements(text: string): string[] {
  const parsed = new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: false,
    trimValues: false,
    parseTagValue: false,
  }).parse(text) as unknown[];
  const out: string[] = [];
  const walk = (nodes: unknown[]): void => {
    for (const node of nodes as Record<string | symbol, unknown>[]) {
      const name = Object.keys(node).find((k) => k !== ':@') ?? '';
      if (name.startsWith('#') || name.startsWith('?')) continue;
      out.push(`${name}@${String((node[META] as { startIndex: number }).startIndex)}`);
      walk(node[name] as unknown[]);
    }
  };
  walk(parsed);
  return out;
}

describe('parseXmlDocument locates every element exactly', () => {
  test.each(documents)('%s', (_name, bytes) => {
    const doc = parseXmlDocument(bytes, 'corpus');
    const { text } = doc.source;
    const elements = allElements(doc.root);
    expect(elements.map((e) => `${e.name}@${e.start}`)).toEqual(parserElements(text));
    for (const el of elements) {
      const source = text.slice(el.start, el.end);
      expect(source.startsWith(`<${el.name}`)).toBe(true);
      expect(text.slice(el.start, el.openEnd)).toMatch(new RegExp(`^<${el.name}(\\s[^]*)?/?>$`));
      if (el.selfClosing) {
        expect(source.endsWith('/>')).toBe(true);
        expect([el.openEnd, el.closeStart]).toEqual([el.end, el.end]);
      } else {
        expect(text.slice(el.closeStart, el.end)).toMatch(new RegExp(`^</${el.name}\\s*>$`));
      }
      for (const attribute of el.attributes) {
        const raw = text.slice(attribute.start, attribute.end);
        expect(raw).toMatch(new RegExp(`^${attribute.name}\\s*=\\s*${attribute.quote}[^${attribute.quote}]*${attribute.quote}$`));
        expect(attribute.start).toBeGreaterThan(el.start);
        expect(attribute.end).toBeLessThan(el.openEnd);
      }
      const lineStart = text.lastIndexOf('\n', el.start - 1) + 1;
      const before = text.slice(lineStart, el.start);
      expect(el.indent).toBe(/^[ \t]*$/.test(before) ? before : '');
      for (const child of el.children) {
        expect(child.start).toBeGreaterThanOrEqual(el.openEnd);
        expect(child.end).toBeLessThanOrEqual(el.closeStart);
      }
    }
  });
});

describe('parseXmlDocument reads', () => {
  test('BOM, CRLF and offsets into the text without the BOM', () => {
    const doc = parseXmlDocument(fileBytes(CORPUS.crlfBom.text, CORPUS.crlfBom), 'f');
    expect(doc.source.bom).toBe(true);
    expect(doc.source.eol).toBe('\r\n');
    expect(doc.source.text.startsWith('<?xml')).toBe(true);
    const eula = findChild(doc.root, 'EULA');
    expect(eula && doc.source.text.slice(eula.start, eula.end)).toBe('<EULA>accepted</EULA>');
    expect(eula?.indent).toBe('  ');
  });

  test('LF files without BOM', () => {
    const doc = parseXmlDocument(fileBytes(CORPUS.noDeclaration.text), 'f');
    expect([doc.source.bom, doc.source.eol, doc.root.name]).toEqual([false, '\n', 'Settings']);
  });

  test('non-ASCII text with UTF-16 offsets', () => {
    const doc = parseXmlDocument(fileBytes(CORPUS.nonAscii.text), 'f');
    const domain = findPath(doc.root, 'Domains/Domain');
    expect(domain?.attributes[0]?.value).toBe('Филиал 🚀');
    const description = domain && findChild(domain, 'Description');
    expect(description?.text).toBe('Тенант по умолчанию — 😀 ещё');
    const rollback = findPath(doc.root, 'ServiceSettings/FeedsRollbackEnabled');
    expect(rollback && doc.source.text.slice(rollback.start, rollback.end)).toBe('<FeedsRollbackEnabled>true</FeedsRollbackEnabled>');
  });

  test('entities decoded in text and attributes, CDATA unwrapped and flagged', () => {
    const doc = parseXmlDocument(fileBytes(CORPUS.entities.text), 'f');
    expect(findPath(doc.root, 'OutputSettings/ConnectionString')?.text).toBe('a&b <x> AB');
    const filter = findPath(doc.root, 'OutputSettings/Filter');
    expect(filter?.attributes.map((a) => [a.name, a.value, a.quote])).toEqual([
      ['value', '"q" & A', '"'],
      ['other', "'", "'"],
    ]);
    const cdata = parseXmlDocument(fileBytes(CORPUS.cdata.text), 'f');
    const actionable = findPath(cdata.root, 'OutputSettings/ActionableFieldContextFormat');
    expect([actionable?.text, actionable?.cdata]).toEqual([' %ParamName%:%ParamValue%', true]);
    expect(findPath(cdata.root, 'OutputSettings/RecordFieldContextFormat')?.cdata).toBe(false);
  });

  test('text keeps its whitespace and is not coerced; CRLF inside text reads as LF', () => {
    const doc = parseXmlDocument(fileBytes('<a>\r\n  <b> 0080 </b>\r\n  <c>x\r\ny</c>\r\n</a>'), 'f');
    expect(findChild(doc.root, 'b')?.text).toBe(' 0080 ');
    expect(findChild(doc.root, 'c')?.text).toBe('x\ny');
    expect(doc.root.text).toBe('\n  \n  \n');
  });

  test('a line over 100 kB', () => {
    const doc = parseXmlDocument(fileBytes(CORPUS.longLine.text), 'f');
    expect(findPath(doc.root, 'OutputSettings/EventFormat')?.text).toBe(CORPUS_LONG_VALUE);
    expect(findPath(doc.root, 'OutputSettings/AlertFormat')?.indent).toBe('');
  });

  test('paths carry an index only for repeated names', () => {
    const doc: XmlDocument = parseXmlDocument(fileBytes(labTexts.service4x), 'f');
    const sources = findChildren(findPath(doc.root, 'InputSettings/RegExps') ?? doc.root, 'Source');
    expect(sources.map((s) => s.path)).toEqual([
      'Configuration/InputSettings/RegExps/Source[1]',
      'Configuration/InputSettings/RegExps/Source[2]',
      'Configuration/InputSettings/RegExps/Source[3]',
    ]);
    expect(findPath(doc.root, 'InputSettings/RegExps/Source[2]')?.attributes[0]?.value).toBe('http_single_lookup');
    expect(
      findChild(findPath(doc.root, 'InputSettings/RegExps') ?? doc.root, 'Source', { name: 'id', value: 'http_file_lookup' })?.path,
    ).toBe('Configuration/InputSettings/RegExps/Source[3]');
    expect(findPath(doc.root, 'OutputSettings/FinishedEventFormat')?.path).toBe('Configuration/OutputSettings/FinishedEventFormat');
    expect(findPath(doc.root, 'InputSettings/RegExps/Source[4]')).toBeUndefined();
    expect(findPath(doc.root, '')).toBe(doc.root);
  });

  test('the root name is not assumed', () => {
    expect(parseXmlDocument(fileBytes('<Anything x="1"/>'), 'f').root.name).toBe('Anything');
  });

  test('the returned tree is frozen', () => {
    const doc = parseXmlDocument(fileBytes(labTexts.feedUtil), 'f');
    expect(Object.isFrozen(doc.root)).toBe(true);
    expect(Object.isFrozen(doc.root.children)).toBe(true);
  });
});
