import { describe, expect, test } from 'vitest';
import {
  applyXmlEdits,
  findChildren,
  parseXmlDocument,
  semanticDiff,
  type XmlDocument,
  type XmlElement,
} from '../../../../engine/cybertrace/xml/index.js';
import { allElements, byteOffset, expectOnlyRegionChanged, fileBytes, labTexts } from './xml-test-helpers.js';

// Properties over every element of the lab's files: an edit changes bytes only inside its element,
// reads back as intended, and its semantic diff is exactly the one intended change.

const documents = Object.entries(labTexts).flatMap(([name, text]) => [
  { title: `${name} LF`, bytes: fileBytes(text) },
  { title: `${name} CRLF+BOM`, bytes: fileBytes(text, { eol: '\r\n', bom: true }) },
]);

const AWKWARD = 'a<b>&c ]]> "q" \'s\' Ж 😀\nline2';

function parentOf(doc: XmlDocument, element: XmlElement): XmlElement | undefined {
  return allElements(doc.root).find((candidate) => candidate.children.includes(element));
}

/** True when the semantic diff can name this element unambiguously (unique name, or keyed siblings). */
function identifiable(parent: XmlElement, element: XmlElement): boolean {
  const same = findChildren(parent, element.name);
  if (same.length === 1) return true;
  return ['id', 'name', 'feedname'].some((key) => {
    const values = same.map((e) => e.attributes.find((a) => a.name === key)?.value);
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}

describe.each(documents)('edit properties on $title', ({ bytes }) => {
  const doc = parseXmlDocument(bytes, 'props');
  const elements = allElements(doc.root);

  test('set-text on every leaf: only its content changes, the value reads back, one semantic change', () => {
    const leaves = elements.filter((e) => e.children.length === 0);
    expect(leaves.length).toBeGreaterThan(10);
    for (const element of leaves) {
      const out = applyXmlEdits(doc, [{ kind: 'set-text', element, text: AWKWARD }]);
      const start = element.selfClosing ? element.start : element.openEnd;
      const end = element.selfClosing ? element.end : element.closeStart;
      expectOnlyRegionChanged(bytes, out, byteOffset(doc, start), byteOffset(doc, end));
      const after = parseXmlDocument(out, 'after');
      expect(allElements(after.root).find((e) => e.path === element.path)?.text).toBe(AWKWARD);
      expect(semanticDiff(doc, after)).toEqual([{ path: `${element.path}/#text`, kind: 'changed', before: element.text, after: AWKWARD }]);
    }
  });

  test('set-attribute on every attribute and a new one on every element', () => {
    for (const element of elements) {
      for (const attribute of element.attributes) {
        const out = applyXmlEdits(doc, [{ kind: 'set-attribute', element, name: attribute.name, value: AWKWARD }]);
        expectOnlyRegionChanged(bytes, out, byteOffset(doc, attribute.start), byteOffset(doc, attribute.end));
        const changes = semanticDiff(doc, parseXmlDocument(out, 'after'));
        const parent = parentOf(doc, element);
        const keyed =
          parent !== undefined && findChildren(parent, element.name).length > 1 && ['id', 'name', 'feedname'].includes(attribute.name);
        if (!keyed)
          expect(changes).toEqual([
            { path: `${element.path}/@${attribute.name}`, kind: 'changed', before: attribute.value, after: AWKWARD },
          ]);
        else expect(changes.length).toBeGreaterThan(0);
      }
      const out = applyXmlEdits(doc, [{ kind: 'set-attribute', element, name: 'ha_probe', value: AWKWARD }]);
      expectOnlyRegionChanged(bytes, out, byteOffset(doc, element.start), byteOffset(doc, element.openEnd));
      expect(semanticDiff(doc, parseXmlDocument(out, 'after'))).toEqual([
        { path: `${element.path}/@ha_probe`, kind: 'added', after: AWKWARD },
      ]);
    }
  });

  test('insert-child last into every element without a text value: one addition inside the element', () => {
    const parents = elements.filter((e) => e.children.length > 0 || e.text === '');
    expect(parents.length).toBeGreaterThan(5);
    for (const parent of parents) {
      const out = applyXmlEdits(doc, [
        { kind: 'insert-child', parent, xml: '<HaProbe a="1">\n<Inner>x</Inner>\n</HaProbe>', position: 'last' },
      ]);
      const lineEnd = doc.source.text.indexOf('\n', parent.end);
      expectOnlyRegionChanged(
        bytes,
        out,
        byteOffset(doc, parent.start),
        byteOffset(doc, lineEnd === -1 ? doc.source.text.length : lineEnd),
      );
      const changes = semanticDiff(doc, parseXmlDocument(out, 'after'));
      expect(changes).toEqual([
        {
          path: `${parent.path}/HaProbe`,
          kind: 'added',
          after: expect.stringMatching(/^<HaProbe a="1">\n\s+<Inner>x<\/Inner>\n\s+<\/HaProbe>$/) as unknown,
        },
      ]);
    }
  });

  test('remove-element on every identifiable element: its lines go, one removal', () => {
    for (const element of elements) {
      const parent = parentOf(doc, element);
      if (!parent || !identifiable(parent, element)) continue;
      const out = applyXmlEdits(doc, [{ kind: 'remove-element', element }]);
      const lineStart = doc.source.text.lastIndexOf('\n', element.start) + 1;
      const lineEnd = doc.source.text.indexOf('\n', element.end) + 1;
      expect(expectOnlyRegionChanged(bytes, out, byteOffset(doc, lineStart), byteOffset(doc, lineEnd))).toBe('');
      expect(semanticDiff(doc, parseXmlDocument(out, 'after')).map((c) => [c.path, c.kind])).toEqual([[element.path, 'removed']]);
    }
  });
});
