import { describe, expect, test } from 'vitest';
import {
  applyXmlEdits,
  parseXmlDocument,
  type XmlDocument,
  type XmlEdit,
  type XmlElement,
} from '../../../../engine/cybertrace/xml/index.js';
import { CORPUS } from './corpus.js';
import { allElements, expectSameBytes, fileBytes, labTexts } from './xml-test-helpers.js';

// Properties over every document we have: no edits means the same bytes; a value set to what it is
// means the same bytes; and a value changed and changed back means the same bytes again (which checks
// the escaping, since the second write is generated rather than skipped).

const documents: [string, Uint8Array][] = [
  ...Object.values(CORPUS).map((c): [string, Uint8Array] => [c.name, fileBytes(c.text, c)]),
  ...Object.entries(labTexts).flatMap(([name, text]): [string, Uint8Array][] => [
    [`lab ${name} (LF)`, fileBytes(text)],
    [`lab ${name} (CRLF, BOM)`, fileBytes(text, { eol: '\r\n', bom: true })],
  ]),
];

const leaves = (doc: XmlDocument): XmlElement[] => allElements(doc.root).filter((e) => e.children.length === 0);

/** True when the element's content is exactly what set-text would write for its value. */
function writtenPlainly(doc: XmlDocument, element: XmlElement): boolean {
  if (element.selfClosing) return false;
  const content = doc.source.text.slice(element.openEnd, element.closeStart);
  const value = element.text.replace(/\n/g, doc.source.eol);
  if (element.cdata) return content === `<![CDATA[${value}]]>`;
  return content === value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

describe.each(documents)('round trip: %s', (_name, bytes) => {
  const doc = parseXmlDocument(bytes, 'round-trip');

  test('no edits: identical bytes', () => {
    expectSameBytes(applyXmlEdits(doc, []), bytes, 'empty edit list');
  });

  test('every text and every attribute set to its current value: identical bytes', () => {
    const edits: XmlEdit[] = leaves(doc).map((element) => ({ kind: 'set-text', element, text: element.text }));
    for (const element of allElements(doc.root)) {
      for (const attribute of element.attributes)
        edits.push({ kind: 'set-attribute', element, name: attribute.name, value: attribute.value });
    }
    expect(edits.length).toBeGreaterThan(0);
    expectSameBytes(applyXmlEdits(doc, edits), bytes, 'values set to themselves');
  });

  test('a plainly written text changed and changed back: identical bytes', () => {
    const candidates = leaves(doc).filter((element) => writtenPlainly(doc, element) && element.text !== '');
    for (const element of candidates.slice(0, 12)) {
      const changed = parseXmlDocument(applyXmlEdits(doc, [{ kind: 'set-text', element, text: `${element.text}~` }]), 'changed');
      const again = allElements(changed.root).find((e) => e.path === element.path);
      if (!again) throw new Error(`lost ${element.path}`);
      expect(again.text).toBe(`${element.text}~`);
      expectSameBytes(applyXmlEdits(changed, [{ kind: 'set-text', element: again, text: element.text }]), bytes, `${element.path} back`);
    }
  });

  test('a plainly written attribute changed and changed back: identical bytes', () => {
    const attributes = allElements(doc.root).flatMap((element) =>
      element.attributes
        .filter((a) => !/[&<\t\n\r]/.test(a.value) && doc.source.text.slice(a.start, a.end).endsWith(`=${a.quote}${a.value}${a.quote}`))
        .map((a) => ({ element, name: a.name, value: a.value })),
    );
    for (const { element, name, value } of attributes.slice(0, 12)) {
      const changed = parseXmlDocument(applyXmlEdits(doc, [{ kind: 'set-attribute', element, name, value: `${value}~` }]), 'changed');
      const again = allElements(changed.root).find((e) => e.path === element.path);
      if (!again) throw new Error(`lost ${element.path}`);
      expectSameBytes(
        applyXmlEdits(changed, [{ kind: 'set-attribute', element: again, name, value }]),
        bytes,
        `${element.path}/@${name} back`,
      );
    }
  });
});
