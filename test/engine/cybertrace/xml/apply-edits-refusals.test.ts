import { describe, expect, test } from 'vitest';
import { applyXmlEdits, findPath, parseXmlDocument, type XmlDocument, type XmlElement } from '../../../../engine/cybertrace/xml/index.js';
import { fileBytes, labTexts } from './xml-test-helpers.js';

// Edits that cannot be made safely throw a specific error and produce nothing.

const doc: XmlDocument = parseXmlDocument(fileBytes(labTexts.service5x), 'kl_feed_service.conf');
const textBefore = doc.source.text;
const at = (path: string): XmlElement => {
  const element = findPath(doc.root, path);
  if (!element) throw new Error(`no ${path}`);
  return element;
};
const events = 'Domains/Domain/OutputSettings/EventSettings';

describe('applyXmlEdits refuses', () => {
  test('two edits of the same text', () => {
    const format = at(`${events}/EventFormat`);
    expect(() =>
      applyXmlEdits(doc, [
        { kind: 'set-text', element: format, text: 'a' },
        { kind: 'set-text', element: format, text: 'b' },
      ]),
    ).toThrow(/edit 1 \(set-text on .*EventFormat\) and edit 2 \(set-text on .*EventFormat\) overlap/);
  });

  test('an edit inside an element another edit removes', () => {
    const settings = at(events);
    expect(() =>
      applyXmlEdits(doc, [
        { kind: 'remove-element', element: settings },
        { kind: 'set-attribute', element: at(`${events}/FinishedEventFormat`), name: 'enabled', value: 'false' },
      ]),
    ).toThrow(/overlap/);
  });

  test('an insertion after an element that is being removed', () => {
    const format = at(`${events}/EventFormat`);
    expect(() =>
      applyXmlEdits(doc, [
        { kind: 'remove-element', element: format },
        { kind: 'insert-child', parent: at(events), xml: '<X/>', position: { after: format } },
      ]),
    ).toThrow(/overlap/);
  });

  test('set-text on an element with children', () => {
    expect(() => applyXmlEdits(doc, [{ kind: 'set-text', element: at(events), text: 'x' }])).toThrow(/has child elements/);
  });

  test('an element from another document', () => {
    const other = parseXmlDocument(fileBytes(labTexts.service5x), 'other');
    const foreign = findPath(other.root, `${events}/EventFormat`);
    if (!foreign) throw new Error('no element');
    expect(() => applyXmlEdits(doc, [{ kind: 'set-text', element: foreign, text: 'x' }])).toThrow(/does not come from this document/);
  });

  test.each([
    ['an unclosed element', '<REQ>x'],
    ['two elements', '<A/><B/>'],
    ['a DOCTYPE', '<!DOCTYPE x><A/>'],
    ['an undefined entity', '<A>&nbsp;</A>'],
    ['a comment around the element', '<!-- c --><A/>'],
    ['plain text', 'REQ'],
  ])('an inserted snippet with %s', (_name, xml) => {
    expect(() => applyXmlEdits(doc, [{ kind: 'insert-child', parent: at(events), xml, position: 'last' }])).toThrow(
      /edit 1 \(insert-child on .*EventSettings\): the XML to insert/,
    );
  });

  test('insert after an element that is not a child of the parent', () => {
    expect(() =>
      applyXmlEdits(doc, [
        { kind: 'insert-child', parent: at(events), xml: '<X/>', position: { after: at('Domains/Domain/Description') } },
      ]),
    ).toThrow(/is not a child of/);
  });

  test('a child element inside a text value', () => {
    expect(() =>
      applyXmlEdits(doc, [{ kind: 'insert-child', parent: at(`${events}/EventFormat`), xml: '<X/>', position: 'last' }]),
    ).toThrow(/holds a text value/);
  });

  test('removing the root', () => {
    expect(() => applyXmlEdits(doc, [{ kind: 'remove-element', element: doc.root }])).toThrow(/root element cannot be removed/);
  });

  test('an attribute name XML does not allow', () => {
    expect(() => applyXmlEdits(doc, [{ kind: 'set-attribute', element: at(events), name: 'a b', value: 'x' }])).toThrow(
      /not an attribute name/,
    );
  });

  test('a character XML cannot carry', () => {
    expect(() => applyXmlEdits(doc, [{ kind: 'set-text', element: at(`${events}/EventFormat`), text: 'a\u0000b' }])).toThrow(
      /U\+0000 cannot be written/,
    );
    expect(() => applyXmlEdits(doc, [{ kind: 'set-attribute', element: at(events), name: 'x', value: '\uFFFF' }])).toThrow(/U\+FFFF/);
  });

  test('a result that would not parse (the same new attribute twice)', () => {
    const settings = at(events);
    expect(() =>
      applyXmlEdits(doc, [
        { kind: 'set-attribute', element: settings, name: 'x', value: '1' },
        { kind: 'set-attribute', element: settings, name: 'x', value: '2' },
      ]),
    ).toThrow(/kl_feed_service.conf: the edited file would not be accepted .*repeated.*nothing was written/);
  });

  test('a replacement whose snippet is not an element', () => {
    expect(() => applyXmlEdits(doc, [{ kind: 'replace-element', element: at(`${events}/EventFormat`), xml: 'text' }])).toThrow(
      /replace-element/,
    );
  });

  test('text mixed with a comment inside the element', () => {
    const mixed = parseXmlDocument(fileBytes('<a>\n  <b>x<!-- note -->y</b>\n</a>'), 'm');
    const b = findPath(mixed.root, 'b');
    if (!b) throw new Error('no b');
    expect(() => applyXmlEdits(mixed, [{ kind: 'set-text', element: b, text: 'z' }])).toThrow(/mixes its text with comments/);
  });

  test('and the document is unchanged after every refusal', () => {
    expect(doc.source.text).toBe(textBefore);
  });
});

describe('applyXmlEdits accepts', () => {
  test('a comment before or after the text of a leaf is kept', () => {
    const commented = parseXmlDocument(fileBytes('<a>\n  <b><!-- note -->x</b>\n  <c/>\n</a>'), 'm');
    const b = findPath(commented.root, 'b');
    if (!b) throw new Error('no b');
    const out = new TextDecoder().decode(applyXmlEdits(commented, [{ kind: 'set-text', element: b, text: 'y' }]));
    expect(out).toBe('<a>\n  <b><!-- note -->y</b>\n  <c/>\n</a>');
  });

  test('an element with only a comment inside gets its text after the comment', () => {
    const commented = parseXmlDocument(fileBytes('<a><!-- note --></a>'), 'm');
    const out = new TextDecoder().decode(applyXmlEdits(commented, [{ kind: 'set-text', element: commented.root, text: 'y' }]));
    expect(out).toBe('<a><!-- note -->y</a>');
  });

  test('insertions into a parent holding only a comment go before its end tag line', () => {
    const commented = parseXmlDocument(fileBytes('<a>\n  <b>\n    <!-- none yet -->\n  </b>\n</a>'), 'm');
    const b = findPath(commented.root, 'b');
    if (!b) throw new Error('no b');
    const out = new TextDecoder().decode(applyXmlEdits(commented, [{ kind: 'insert-child', parent: b, xml: '<c/>', position: 'last' }]));
    expect(out).toBe('<a>\n  <b>\n    <!-- none yet -->\n    <c/>\n  </b>\n</a>');
  });

  test('siblings on one line get the new element on that line', () => {
    const inline = parseXmlDocument(fileBytes('<a><b/><c/></a>'), 'm');
    const out = new TextDecoder().decode(
      applyXmlEdits(inline, [{ kind: 'insert-child', parent: inline.root, xml: '<d/>', position: 'last' }]),
    );
    expect(out).toBe('<a><b/><c/><d/></a>');
  });

  test('remove-element of an element sharing its line removes only the element', () => {
    const inline = parseXmlDocument(fileBytes('<a>\n  <b/><c/>\n</a>'), 'm');
    const c = findPath(inline.root, 'c');
    if (!c) throw new Error('no c');
    expect(new TextDecoder().decode(applyXmlEdits(inline, [{ kind: 'remove-element', element: c }]))).toBe('<a>\n  <b/>\n</a>');
  });

  test('a replacement of a multi-line element is indented at the element', () => {
    const nested = parseXmlDocument(fileBytes('<a>\n  <b>\n    <c/>\n  </b>\n</a>'), 'm');
    const b = findPath(nested.root, 'b');
    if (!b) throw new Error('no b');
    const out = new TextDecoder().decode(
      applyXmlEdits(nested, [{ kind: 'replace-element', element: b, xml: '<b x="1">\n<c/>\n<d>t</d>\n</b>' }]),
    );
    expect(out).toBe('<a>\n  <b x="1">\n    <c/>\n    <d>t</d>\n  </b>\n</a>');
  });

  test('text inside an inserted snippet is not re-indented', () => {
    const nested = parseXmlDocument(fileBytes('<a>\n  <b/>\n</a>'), 'm');
    const out = new TextDecoder().decode(
      applyXmlEdits(nested, [{ kind: 'insert-child', parent: nested.root, xml: '<c>\n<d>line1\nline2</d>\n</c>', position: 'last' }]),
    );
    expect(out).toBe('<a>\n  <b/>\n  <c>\n    <d>line1\nline2</d>\n  </c>\n</a>');
  });
});
