import { describe, expect, test } from 'vitest';
import { applyXmlEdits, checkEditScope, findPath, parseXmlDocument } from '../../../../engine/cybertrace/xml/index.js';
import { fileBytes, labTexts } from './xml-test-helpers.js';

const bytes = fileBytes(labTexts.service5x, { eol: '\r\n', bom: true });
const doc = parseXmlDocument(bytes, 'kl_feed_service.conf');
const events = 'Configuration/Domains/Domain/OutputSettings/EventSettings';
const format = findPath(doc.root, 'Domains/Domain/OutputSettings/EventSettings/EventFormat');
if (!format) throw new Error('no EventFormat');
const edit = (text: string): Uint8Array => fileBytes(text, { eol: '\r\n', bom: true });

describe('checkEditScope', () => {
  test('accepts a change inside an allowed path and returns the parsed result', () => {
    const after = applyXmlEdits(doc, [{ kind: 'set-text', element: format, text: '%REQ% x' }]);
    const result = checkEditScope(doc, after, [events]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes).toEqual([{ path: `${events}/EventFormat/#text`, kind: 'changed', before: format.text, after: '%REQ% x' }]);
    expect(result.after.root.name).toBe('Configuration');
  });

  test('an allowed path covers attributes, text and descendants, by whole segments', () => {
    const after = applyXmlEdits(doc, [{ kind: 'set-attribute', element: format, name: 'x', value: '1' }]);
    expect(checkEditScope(doc, after, [`${events}/EventFormat/@x`]).ok).toBe(true);
    expect(checkEditScope(doc, after, [`${events}/EventFormat`]).ok).toBe(true);
    expect(checkEditScope(doc, after, [`${events}/EventForm`]).ok).toBe(false);
    expect(checkEditScope(doc, after, [`${events}/EventFormat/@y`]).ok).toBe(false);
  });

  test('refuses a change outside the allowed paths, naming it', () => {
    const after = edit(labTexts.service5x.replace('%REQ% category', '%REQ% kategory').replace('<ScannersCount>9<', '<ScannersCount>8<'));
    const result = checkEditScope(doc, after, [events]);
    expect(result).toEqual({
      ok: false,
      reason: `kl_feed_service.conf: the edit also changes Configuration/ServiceSettings/ScanSettings/ScannersCount/#text (changed), outside ${events}`,
    });
  });

  test('refuses an edit that changes nothing (only layout)', () => {
    const result = checkEditScope(doc, edit(labTexts.service5x.replace(/\n {2}</g, '\n    <')), [events]);
    expect(result).toEqual({ ok: false, reason: 'kl_feed_service.conf: the edit changes nothing' });
  });

  test('refuses bytes that do not parse', () => {
    const result = checkEditScope(doc, edit(labTexts.service5x.replace('</EventFormat>', '</EventFormats>')), [events]);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toMatch(/^the edited file is not accepted: kl_feed_service.conf: not well-formed XML at line \d+/);
  });

  test('refuses a different root', () => {
    const result = checkEditScope(doc, edit('<Settings/>'), ['Configuration']);
    expect(result).toEqual({ ok: false, reason: 'kl_feed_service.conf: the root element would change from <Configuration> to <Settings>' });
  });

  test('refuses a dropped BOM and changed line endings', () => {
    const changed = labTexts.service5x.replace('%REQ% category', '%REQ% kategory');
    expect(checkEditScope(doc, fileBytes(changed, { eol: '\r\n' }), [events])).toEqual({
      ok: false,
      reason: 'kl_feed_service.conf: the edit would drop the byte order mark',
    });
    expect(checkEditScope(doc, fileBytes(changed, { bom: true }), [events])).toEqual({
      ok: false,
      reason: 'kl_feed_service.conf: the edit would change the line endings',
    });
  });

  test('an insertion is inside the parent path', () => {
    const parent = findPath(doc.root, 'Domains/Domain/OutputSettings/EventSettings');
    if (!parent) throw new Error('no EventSettings');
    const after = applyXmlEdits(doc, [{ kind: 'insert-child', parent, xml: '<X/>', position: 'last' }]);
    const result = checkEditScope(doc, after, [events]);
    expect(result.ok && result.changes.map((c) => c.path)).toEqual([`${events}/X`]);
    expect(checkEditScope(doc, after, [`${events}/EventFormat`]).ok).toBe(false);
  });
});
