import { describe, expect, test } from 'vitest';
import {
  applyXmlEdits,
  findPath,
  parseXmlDocument,
  type XmlDocument,
  type XmlEdit,
  type XmlElement,
} from '../../../../engine/cybertrace/xml/index.js';
import { CORPUS, CORPUS_LONG_VALUE, type CorpusCase } from './corpus.js';
import { byteOffset, expectOnlyRegionChanged, fileBytes } from './xml-test-helpers.js';

// Each corpus oddity edited without collateral change: the bytes before and after the edited region
// are compared with the original's, and the bytes in the region are compared with what must be there.

function load(c: CorpusCase): { bytes: Uint8Array; doc: XmlDocument; at: (path: string) => XmlElement } {
  const bytes = fileBytes(c.text, c);
  const doc = parseXmlDocument(bytes, c.name);
  const at = (path: string): XmlElement => {
    const element = findPath(doc.root, path);
    if (!element) throw new Error(`no ${path}`);
    return element;
  };
  return { bytes, doc, at };
}

/** Applies edits, checks the result parses, and returns what replaced [start, end) of the original. */
function edited(bytes: Uint8Array, doc: XmlDocument, edits: XmlEdit[], start: number, end: number): { region: string; after: XmlDocument } {
  const out = applyXmlEdits(doc, edits);
  const region = expectOnlyRegionChanged(bytes, out, byteOffset(doc, start), byteOffset(doc, end));
  return { region, after: parseXmlDocument(out, 'edited') };
}

describe('comments inside the edited parent', () => {
  const c = CORPUS.comments;
  test('set-text leaves the trailing comment and the commented-out element alone', () => {
    const { bytes, doc, at } = load(c);
    const format = at('OutputSettings/EventFormat');
    const { region, after } = edited(
      bytes,
      doc,
      [{ kind: 'set-text', element: format, text: '%REQ% x' }],
      format.openEnd,
      format.closeStart,
    );
    expect(region).toBe('%REQ% x');
    expect(after.source.text).toContain('<!-- <AlertFormat>commented out</AlertFormat> -->');
  });

  test('insert last goes after the trailing comment, on a new line', () => {
    const { bytes, doc, at } = load(c);
    const parent = at('OutputSettings');
    const format = at('OutputSettings/EventFormat');
    const lineEnd = doc.source.text.indexOf('\n', format.end);
    const xml = '<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>';
    const { region } = edited(bytes, doc, [{ kind: 'insert-child', parent, xml, position: 'last' }], lineEnd, lineEnd);
    expect(region).toBe(`\n    ${xml}`);
  });

  test('insert first goes right after the start tag, before the leading comment', () => {
    const { bytes, doc, at } = load(c);
    const parent = at('OutputSettings');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'insert-child', parent, xml: '<A>1</A>', position: 'first' }],
      parent.openEnd,
      parent.openEnd,
    );
    expect(region).toBe('\n    <A>1</A>');
  });

  test('remove takes the element line, the comments around it stay', () => {
    const { bytes, doc, at } = load(c);
    const connection = at('OutputSettings/ConnectionString');
    const lineStart = doc.source.text.lastIndexOf('\n', connection.start) + 1;
    const { region, after } = edited(bytes, doc, [{ kind: 'remove-element', element: connection }], lineStart, connection.end + 1);
    expect(region).toBe('');
    expect(after.source.text).toContain('    <!-- the SIEM connection -->\n    <!-- <AlertFormat>');
  });
});

describe('CDATA', () => {
  const c = CORPUS.cdata;
  test('a CDATA value stays CDATA; "]]>" in the new value splits the section', () => {
    const { bytes, doc, at } = load(c);
    const element = at('OutputSettings/ActionableFieldContextFormat');
    const value = ' a]]>b <x> & c';
    const { region, after } = edited(bytes, doc, [{ kind: 'set-text', element, text: value }], element.openEnd, element.closeStart);
    expect(region).toBe('<![CDATA[ a]]]]><![CDATA[>b <x> & c]]>');
    expect(findPath(after.root, 'OutputSettings/ActionableFieldContextFormat')?.text).toBe(value);
  });

  test('a plain value is escaped', () => {
    const { bytes, doc, at } = load(c);
    const element = at('OutputSettings/RecordFieldContextFormat');
    const { region, after } = edited(bytes, doc, [{ kind: 'set-text', element, text: 'a<b>&c' }], element.openEnd, element.closeStart);
    expect(region).toBe('a&lt;b&gt;&amp;c');
    expect(findPath(after.root, 'OutputSettings/RecordFieldContextFormat')?.text).toBe('a<b>&c');
  });
});

describe('single-quoted attributes', () => {
  const c = CORPUS.singleQuotes;
  test('a value keeps its single quotes and escapes an apostrophe', () => {
    const { bytes, doc, at } = load(c);
    const req = at('RegExps/Source/REQ');
    const type = req.attributes[0];
    if (!type) throw new Error('no type');
    const { region, after } = edited(
      bytes,
      doc,
      [{ kind: 'set-attribute', element: req, name: 'type', value: `it's "x"` }],
      type.start,
      type.end,
    );
    expect(region).toBe(`type='it&apos;s "x"'`);
    expect(findPath(after.root, 'RegExps/Source/REQ')?.attributes[0]?.value).toBe(`it's "x"`);
  });

  test('a new attribute takes the single quotes of its neighbours', () => {
    const { bytes, doc, at } = load(c);
    const url = at('RegExps/Source/RE_URL');
    const last = url.attributes[1];
    if (!last) throw new Error('no extract');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'set-attribute', element: url, name: 'use_for_retroscan', value: 'true' }],
      last.end,
      last.end,
    );
    expect(region).toBe(" use_for_retroscan='true'");
  });
});

describe('self-closing and empty parents', () => {
  const c = CORPUS.selfClosing;
  test('insert into <Source id="default"/> opens it with the child one step deeper', () => {
    const { bytes, doc, at } = load(c);
    const src = at('InputSettings/RegExps/Source');
    const xml = '<REQ type="CONTEXT">^(\\d+)\\s</REQ>';
    const { region, after } = edited(bytes, doc, [{ kind: 'insert-child', parent: src, xml, position: 'first' }], src.start, src.end);
    expect(region).toBe(`<Source id="default">\n        ${xml}\n      </Source>`);
    expect(findPath(after.root, 'InputSettings/RegExps/Source/REQ')?.text).toBe('^(\\d+)\\s');
  });

  test('two insertions into <Domains/> become one expansion, in edit order', () => {
    const { bytes, doc, at } = load(c);
    const domains = at('Domains');
    const edits: XmlEdit[] = [
      { kind: 'insert-child', parent: domains, xml: '<Domain name="A" id="1"/>', position: 'last' },
      { kind: 'insert-child', parent: domains, xml: '<Domain name="B" id="2"/>', position: 'last' },
    ];
    const { region } = edited(bytes, doc, edits, domains.start, domains.end);
    expect(region).toBe('<Domains>\n    <Domain name="A" id="1"/>\n    <Domain name="B" id="2"/>\n  </Domains>');
  });

  test('<LookupSettings /> loses the blank before "/>" when opened', () => {
    const { bytes, doc, at } = load(c);
    const lookup = at('LookupSettings');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'insert-child', parent: lookup, xml: '<RegExps/>', position: 'last' }],
      lookup.start,
      lookup.end,
    );
    expect(region).toBe('<LookupSettings>\n    <RegExps/>\n  </LookupSettings>');
  });

  test('<Empty></Empty> gets the child on its own line', () => {
    const { bytes, doc, at } = load(c);
    const empty = at('Empty');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'insert-child', parent: empty, xml: '<X/>', position: 'first' }],
      empty.start,
      empty.end,
    );
    expect(region).toBe('<Empty>\n    <X/>\n  </Empty>');
  });

  test('set-text on a self-closing element opens it', () => {
    const { bytes, doc, at } = load(c);
    const domains = at('Domains');
    const { region } = edited(bytes, doc, [{ kind: 'set-text', element: domains, text: 'none' }], domains.start, domains.end);
    expect(region).toBe('<Domains>none</Domains>');
  });

  test('a new attribute and an insertion on the same self-closing element', () => {
    const { bytes, doc, at } = load(c);
    const src = at('InputSettings/RegExps/Source');
    const edits: XmlEdit[] = [
      { kind: 'insert-child', parent: src, xml: '<REQ type="CONTEXT">x</REQ>', position: 'last' },
      { kind: 'set-attribute', element: src, name: 'note', value: 'ha' },
    ];
    const { region } = edited(bytes, doc, edits, src.start, src.end);
    expect(region).toBe('<Source id="default" note="ha">\n        <REQ type="CONTEXT">x</REQ>\n      </Source>');
  });
});

describe('tabs for indentation', () => {
  const c = CORPUS.tabs;
  test('into <Domains/>: one tab deeper, nested lines by tabs too', () => {
    const { bytes, doc, at } = load(c);
    const domains = at('Domains');
    const xml = '<Domain name="General" id="1">\n  <Description>x</Description>\n</Domain>';
    const { region } = edited(bytes, doc, [{ kind: 'insert-child', parent: domains, xml, position: 'last' }], domains.start, domains.end);
    expect(region).toBe('<Domains>\n\t\t<Domain name="General" id="1">\n\t\t\t<Description>x</Description>\n\t\t</Domain>\n\t</Domains>');
  });

  test('a sibling takes the tabs of its siblings', () => {
    const { bytes, doc, at } = load(c);
    const settings = at('OutputSettings/EventSettings');
    const format = at('OutputSettings/EventSettings/EventFormat');
    const xml = '<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>';
    const { region } = edited(bytes, doc, [{ kind: 'insert-child', parent: settings, xml, position: 'last' }], format.end, format.end);
    expect(region).toBe(`\n\t\t\t${xml}`);
  });
});

describe('CRLF and a BOM', () => {
  const c = CORPUS.crlfBom;
  test('set-text keeps the BOM and every CRLF', () => {
    const { bytes, doc, at } = load(c);
    const dir = at('FeedsDir');
    const { region, after } = edited(bytes, doc, [{ kind: 'set-text', element: dir, text: 'C:\\feeds' }], dir.openEnd, dir.closeStart);
    expect(region).toBe('C:\\feeds');
    expect([after.source.bom, after.source.eol]).toEqual([true, '\r\n']);
  });

  test('an inserted multi-line element uses CRLF on every line', () => {
    const { bytes, doc, at } = load(c);
    const feeds = at('Feeds');
    const feed = at('Feeds/Feed');
    const xml = '<Feed enabled="false">\n<Name>Phishing_URL_Data_Feed</Name>\n</Feed>';
    const { region, after } = edited(bytes, doc, [{ kind: 'insert-child', parent: feeds, xml, position: 'last' }], feed.end, feed.end);
    expect(region).toBe('\r\n    <Feed enabled="false">\r\n      <Name>Phishing_URL_Data_Feed</Name>\r\n    </Feed>');
    expect(/[^\r]\n/.test(after.source.text)).toBe(false);
  });

  test('multi-line text is written with CRLF and reads back as LF', () => {
    const { doc, at } = load(c);
    const eula = at('EULA');
    const out = parseXmlDocument(applyXmlEdits(doc, [{ kind: 'set-text', element: eula, text: 'a\nb\r\nc' }]), 'x');
    expect(out.source.text).toContain('<EULA>a\r\nb\r\nc</EULA>');
    expect(findPath(out.root, 'EULA')?.text).toBe('a\nb\nc');
  });
});

describe('non-ASCII text', () => {
  const c = CORPUS.nonAscii;
  test('an edit after Cyrillic and emoji lands on the right bytes', () => {
    const { bytes, doc, at } = load(c);
    const rollback = at('ServiceSettings/FeedsRollbackEnabled');
    const { region } = edited(bytes, doc, [{ kind: 'set-text', element: rollback, text: 'false' }], rollback.openEnd, rollback.closeStart);
    expect(region).toBe('false');
  });

  test('non-ASCII values are written as UTF-8', () => {
    const { bytes, doc, at } = load(c);
    const description = at('Domains/Domain/Description');
    const domain = at('Domains/Domain');
    const name = domain.attributes[0];
    if (!name) throw new Error('no name');
    const { region, after } = edited(
      bytes,
      doc,
      [
        { kind: 'set-text', element: description, text: 'Новый 😀' },
        { kind: 'set-attribute', element: domain, name: 'name', value: 'Ёлка 🎄' },
      ],
      name.start,
      description.closeStart,
    );
    expect(region.startsWith('name="Ёлка 🎄" id="2">')).toBe(true);
    expect(region.endsWith('<Description>Новый 😀')).toBe(true);
    expect(findPath(after.root, 'Domains/Domain/Description')?.text).toBe('Новый 😀');
  });
});

describe('a line over 100 kB', () => {
  const c = CORPUS.longLine;
  test('the element after the long value and the comment on the same line', () => {
    const { bytes, doc, at } = load(c);
    const alert = at('OutputSettings/AlertFormat');
    const { region, after } = edited(
      bytes,
      doc,
      [{ kind: 'set-text', element: alert, text: '%Date% alert=%Alert%' }],
      alert.openEnd,
      alert.closeStart,
    );
    expect(region).toBe('%Date% alert=%Alert%');
    expect(findPath(after.root, 'OutputSettings/EventFormat')?.text).toBe(CORPUS_LONG_VALUE);
  });

  test('an insertion after an element that does not start its line goes to the end of that line', () => {
    const { bytes, doc, at } = load(c);
    const parent = at('OutputSettings');
    const alert = at('OutputSettings/AlertFormat');
    const lineEnd = doc.source.text.indexOf('\n', alert.end);
    const { region } = edited(bytes, doc, [{ kind: 'insert-child', parent, xml: '<X/>', position: { after: alert } }], lineEnd, lineEnd);
    expect(region).toBe('\n    <X/>');
  });
});

describe('attributes spread over several lines', () => {
  const c = CORPUS.multiLineAttributes;
  test('a value changes in place', () => {
    const { bytes, doc, at } = load(c);
    const task = at('IoCExports/IoCExport');
    const enabled = task.attributes[1];
    if (!enabled) throw new Error('no enabled');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'set-attribute', element: task, name: 'enabled', value: 'false' }],
      enabled.start,
      enabled.end,
    );
    expect(region).toBe('enabled="false"');
  });

  test('a new attribute goes on its own line, aligned with the others', () => {
    const { bytes, doc, at } = load(c);
    const task = at('IoCExports/IoCExport');
    const last = task.attributes[2];
    if (!last) throw new Error('no delimiter');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'set-attribute', element: task, name: 'records_limit', value: '5' }],
      last.end,
      last.end,
    );
    expect(region).toBe('\n               records_limit="5"');
  });
});

describe('">" inside attribute values', () => {
  const c = CORPUS.gtInAttribute;
  test('text after a start tag holding ">" in a value', () => {
    const { bytes, doc, at } = load(c);
    const url = at('RegExps/RE_URL');
    expect(url.attributes.map((a) => a.value)).toEqual(['URL', 'a > b', 'all']);
    const { region } = edited(bytes, doc, [{ kind: 'set-text', element: url, text: '(.*)' }], url.openEnd, url.closeStart);
    expect(region).toBe('(.*)');
  });

  test('a single-quoted value with ">"', () => {
    const { bytes, doc, at } = load(c);
    const ip = at('RegExps/RE_IP');
    const note = ip.attributes[1];
    if (!note) throw new Error('no note');
    const { region } = edited(bytes, doc, [{ kind: 'set-attribute', element: ip, name: 'note', value: "=> '>'" }], note.start, note.end);
    expect(region).toBe("note='=> &apos;>&apos;'");
  });
});

describe('entities in text and attributes', () => {
  const c = CORPUS.entities;
  test('editing a neighbour keeps &#x41; and &amp; exactly as written', () => {
    const { bytes, doc, at } = load(c);
    const format = at('OutputSettings/EventFormat');
    const { region, after } = edited(bytes, doc, [{ kind: 'set-text', element: format, text: 'new' }], format.openEnd, format.closeStart);
    expect(region).toBe('new');
    expect(after.source.text).toContain('<ConnectionString>a&amp;b &lt;x&gt; &#x41;&#66;</ConnectionString>');
  });

  test('setting an entity-laden value to what it already means writes nothing', () => {
    const { bytes, doc, at } = load(c);
    const connection = at('OutputSettings/ConnectionString');
    const filter = at('OutputSettings/Filter');
    const out = applyXmlEdits(doc, [
      { kind: 'set-text', element: connection, text: 'a&b <x> AB' },
      { kind: 'set-attribute', element: filter, name: 'value', value: '"q" & A' },
    ]);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });

  test('a changed entity-laden value is re-escaped', () => {
    const { bytes, doc, at } = load(c);
    const connection = at('OutputSettings/ConnectionString');
    const { region } = edited(
      bytes,
      doc,
      [{ kind: 'set-text', element: connection, text: 'a&b <y>' }],
      connection.openEnd,
      connection.closeStart,
    );
    expect(region).toBe('a&amp;b &lt;y&gt;');
  });
});

describe('XML declaration absent, processing instructions present', () => {
  test('no declaration and no final newline: insert last', () => {
    const { bytes, doc, at } = load(CORPUS.noDeclaration);
    const eula = at('EULA');
    const { region, after } = edited(
      bytes,
      doc,
      [{ kind: 'insert-child', parent: doc.root, xml: '<FeedsDir>../feeds</FeedsDir>', position: 'last' }],
      eula.end,
      eula.end,
    );
    expect(region).toBe('\n  <FeedsDir>../feeds</FeedsDir>');
    expect(after.source.text.endsWith('</Settings>')).toBe(true);
  });

  test('processing instructions stay where they are', () => {
    const c = CORPUS.processingInstructions;
    const { bytes, doc, at } = load(c);
    const count = at('ServiceSettings/ScannersCount');
    const lineEnd = doc.source.text.indexOf('\n', count.end);
    const { region, after } = edited(
      bytes,
      doc,
      [{ kind: 'insert-child', parent: at('ServiceSettings'), xml: '<FeedsRollbackEnabled>true</FeedsRollbackEnabled>', position: 'last' }],
      lineEnd,
      lineEnd,
    );
    expect(region).toBe('\n    <FeedsRollbackEnabled>true</FeedsRollbackEnabled>');
    expect(after.source.text).toContain('<?xml-stylesheet type="text/xsl" href="style.xsl"?>\n<Configuration>\n  <?editor keep-this?>');
  });
});
