import { describe, expect, test } from 'vitest';
import {
  applyXmlEdits,
  findChild,
  findPath,
  parseXmlDocument,
  semanticDiff,
  type XmlDocument,
  type XmlEdit,
  type XmlElement,
} from '../../../../engine/cybertrace/xml/index.js';
import { byteOffset, expectOnlyRegionChanged, fileBytes, labTexts } from './xml-test-helpers.js';

// Every edit kind on both kl_feed_service.conf layouts the lab generates (4.x: settings at the top
// level; 5.x: under Domains/Domain), stored the Linux way (LF) and the Windows way (CRLF with a BOM).

const layouts = [
  {
    layout: '4.x',
    text: labTexts.service4x,
    source: 'InputSettings/RegExps/Source[1]',
    output: 'OutputSettings',
    events: 'OutputSettings',
  },
  {
    layout: '5.x',
    text: labTexts.service5x,
    source: 'Domains/Domain/InputSettings/RegExps/Source',
    output: 'Domains/Domain/OutputSettings',
    events: 'Domains/Domain/OutputSettings/EventSettings',
  },
] as const;
const styles = [
  { style: 'LF', eol: '\n', bom: false },
  { style: 'CRLF+BOM', eol: '\r\n', bom: true },
] as const;
const cases = layouts.flatMap((l) => styles.map((s) => ({ ...l, ...s, title: `${l.layout} ${s.style}` })));

function open(text: string, style: { eol: '\n' | '\r\n'; bom: boolean }): { bytes: Uint8Array; doc: XmlDocument } {
  const bytes = fileBytes(text, style);
  return { bytes, doc: parseXmlDocument(bytes, 'kl_feed_service.conf') };
}

function at(doc: XmlDocument, path: string): XmlElement {
  const element = findPath(doc.root, path);
  if (!element) throw new Error(`no ${path}`);
  return element;
}

function apply(doc: XmlDocument, edits: XmlEdit[]): { after: Uint8Array; afterDoc: XmlDocument } {
  const after = applyXmlEdits(doc, edits);
  return { after, afterDoc: parseXmlDocument(after, 'kl_feed_service.conf') };
}

describe.each(cases)('applyXmlEdits on the lab kl_feed_service.conf $title', ({ text, eol, bom, source, output, events }) => {
  test('set-text replaces exactly the text between the tags', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const target = at(doc, `${output}/ConnectionString`);
    const { after, afterDoc } = apply(doc, [{ kind: 'set-text', element: target, text: '10.0.0.9:9998' }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, target.openEnd), byteOffset(doc, target.closeStart))).toBe(
      '10.0.0.9:9998',
    );
    expect(semanticDiff(doc, afterDoc)).toEqual([
      { path: `${target.path}/#text`, kind: 'changed', before: '127.0.0.1:9998', after: '10.0.0.9:9998' },
    ]);
  });

  test('set-attribute rewrites a value between its quotes', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const finished = at(doc, `${events}/FinishedEventFormat`);
    const enabled = finished.attributes.find((a) => a.name === 'enabled');
    if (!enabled) throw new Error('no enabled');
    const { after, afterDoc } = apply(doc, [{ kind: 'set-attribute', element: finished, name: 'enabled', value: 'false' }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, enabled.start), byteOffset(doc, enabled.end))).toBe('enabled="false"');
    expect(semanticDiff(doc, afterDoc)).toEqual([{ path: `${finished.path}/@enabled`, kind: 'changed', before: 'true', after: 'false' }]);
  });

  test('set-attribute adds a new attribute after the last one', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const alerts =
      findPath(doc.root, 'OutputSettings/AlertConnectionString') ??
      at(doc, 'NotificationSettings/ServiceAlertsSettings/AlertConnectionString');
    const last = alerts.attributes[alerts.attributes.length - 1];
    if (!last) throw new Error('no attribute');
    const { after } = apply(doc, [{ kind: 'set-attribute', element: alerts, name: 'format', value: 'a<b & "c"' }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, last.end), byteOffset(doc, last.end))).toBe(
      ' format="a&lt;b &amp; &quot;c&quot;"',
    );
  });

  test('insert-child puts a REQ rule first in the default source, indented like its siblings', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const src = at(doc, source);
    const first = src.children[0];
    if (!first) throw new Error('empty source');
    const { after, afterDoc } = apply(doc, [
      { kind: 'insert-child', parent: src, xml: '<REQ_LB type="CONTEXT">^(\\d+)\\s</REQ_LB>', position: 'first' },
    ]);
    const inserted = expectOnlyRegionChanged(bytes, after, byteOffset(doc, src.openEnd), byteOffset(doc, src.openEnd));
    expect(inserted).toBe(`${eol}${first.indent}<REQ_LB type="CONTEXT">^(\\d+)\\s</REQ_LB>`);
    expect(semanticDiff(doc, afterDoc)).toEqual([
      { path: `${src.path}/REQ_LB`, kind: 'added', after: '<REQ_LB type="CONTEXT">^(\\d+)\\s</REQ_LB>' },
    ]);
    expect(findChild(at(afterDoc, source), 'REQ_LB')?.text).toBe('^(\\d+)\\s');
  });

  test('insert-child after a given sibling: a second FinishedEventFormat after EventFormat', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const parent = at(doc, events);
    const eventFormat = at(doc, `${events}/EventFormat`);
    const lineEnd = doc.source.text.indexOf(eol, eventFormat.end);
    const xml = '<FinishedEventFormat enabled="false">%REQ% Done</FinishedEventFormat>';
    const { after } = apply(doc, [{ kind: 'insert-child', parent, xml, position: { after: eventFormat } }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, lineEnd), byteOffset(doc, lineEnd))).toBe(
      `${eol}${eventFormat.indent}${xml}`,
    );
  });

  test('insert-child last: a whole IoCExport block, nested lines indented by the document step', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const exports = at(doc, 'IoCExports');
    const last = exports.children[exports.children.length - 1];
    if (!last) throw new Error('no export');
    const xml = '<IoCExport name="ha_probe" enabled="false">\n<Filter field="category" value="X" included="true"/>\n</IoCExport>';
    const { after, afterDoc } = apply(doc, [{ kind: 'insert-child', parent: exports, xml, position: 'last' }]);
    const inserted = expectOnlyRegionChanged(bytes, after, byteOffset(doc, last.end), byteOffset(doc, last.end));
    const i = last.indent;
    expect(inserted).toBe(
      [
        `${eol}${i}<IoCExport name="ha_probe" enabled="false">`,
        `${i}  <Filter field="category" value="X" included="true"/>`,
        `${i}</IoCExport>`,
      ].join(eol),
    );
    const changes = semanticDiff(doc, afterDoc);
    expect(changes.map((c) => [c.path, c.kind])).toEqual([['Configuration/IoCExports/IoCExport[3]', 'added']]);
  });

  test('replace-element swaps one element for a snippet at its place', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const finished = at(doc, `${events}/FinishedEventFormat`);
    const xml = '<FinishedEventFormat enabled="true">%REQ% LookupFinished count=%Count%</FinishedEventFormat>';
    const { after, afterDoc } = apply(doc, [{ kind: 'replace-element', element: finished, xml }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, finished.start), byteOffset(doc, finished.end))).toBe(xml);
    expect(semanticDiff(doc, afterDoc).map((c) => c.path)).toEqual([`${finished.path}/#text`]);
  });

  test('remove-element removes the element and its line', () => {
    const { bytes, doc } = open(text, { eol, bom });
    const finished = at(doc, `${events}/FinishedEventFormat`);
    const lineStart = doc.source.text.lastIndexOf('\n', finished.start) + 1;
    const lineEnd = doc.source.text.indexOf('\n', finished.end) + 1;
    const { after, afterDoc } = apply(doc, [{ kind: 'remove-element', element: finished }]);
    expect(expectOnlyRegionChanged(bytes, after, byteOffset(doc, lineStart), byteOffset(doc, lineEnd))).toBe('');
    expect(semanticDiff(doc, afterDoc).map((c) => [c.path, c.kind])).toEqual([[finished.path, 'removed']]);
  });

  test('several edits in one call, each confined to its place', () => {
    const { doc } = open(text, { eol, bom });
    const connection = at(doc, `${output}/ConnectionString`);
    const finished = at(doc, `${events}/FinishedEventFormat`);
    const { afterDoc } = apply(doc, [
      { kind: 'set-text', element: connection, text: '10.0.0.9:9998' },
      { kind: 'set-attribute', element: finished, name: 'enabled', value: 'false' },
      { kind: 'insert-child', parent: at(doc, source), xml: '<REQ_LB type="CONTEXT">x</REQ_LB>', position: 'last' },
    ]);
    expect(
      semanticDiff(doc, afterDoc)
        .map((c) => c.path)
        .sort(),
    ).toEqual([`${connection.path}/#text`, `${finished.path}/@enabled`, `${at(doc, source).path}/REQ_LB`].sort());
    expect(afterDoc.source.bom).toBe(bom);
    expect(afterDoc.source.eol).toBe(eol);
    if (eol === '\r\n') expect(/[^\r]\n/.test(afterDoc.source.text)).toBe(false);
  });
});

describe('applyXmlEdits on the 4.x self-closing <Domains/>', () => {
  test.each(styles)('$style: a Domain goes inside, the parent opened onto its own lines', ({ eol, bom }) => {
    const { bytes, doc } = open(labTexts.service4x, { eol, bom });
    const domains = at(doc, 'Domains');
    expect(domains.selfClosing).toBe(true);
    const xml = '<Domain name="General" id="1">\n<Description>Default tenant</Description>\n</Domain>';
    const { after, afterDoc } = apply(doc, [{ kind: 'insert-child', parent: domains, xml, position: 'last' }]);
    const replaced = expectOnlyRegionChanged(bytes, after, byteOffset(doc, domains.start), byteOffset(doc, domains.end));
    expect(replaced).toBe(
      [
        '<Domains>',
        '    <Domain name="General" id="1">',
        '      <Description>Default tenant</Description>',
        '    </Domain>',
        '  </Domains>',
      ].join(eol),
    );
    expect(semanticDiff(doc, afterDoc).map((c) => [c.path, c.kind])).toEqual([['Configuration/Domains/Domain', 'added']]);
  });
});
