// Shared by the XML layer's tests: real lab-shaped files, byte offsets, and byte-region assertions.
import { expect } from 'vitest';
import type { XmlDocument, XmlElement } from '../../../../engine/cybertrace/xml/index.js';
import { renderFeedUtilConf } from '../../../../lab/trees/feed-util-conf.js';
import { renderServiceConf4x } from '../../../../lab/trees/service-conf-4x.js';
import { renderServiceConf5x } from '../../../../lab/trees/service-conf-5x.js';

/** Text as a file would store it: LF text turned into `eol`, UTF-8, optional BOM. */
export function fileBytes(text: string, style: { eol?: '\n' | '\r\n'; bom?: boolean } = {}): Uint8Array {
  const body = new TextEncoder().encode(style.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text);
  if (!style.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** The lab's kl_feed_service.conf (4.x or 5.x) and kl_feed_util.conf, as LF text. */
export const labTexts = {
  service4x: renderServiceConf4x({
    os: 'linux',
    version: '4.4',
    inputPort: 9999,
    alertTarget: '192.0.2.10:9999',
    resourcesIp: '192.0.2.21',
  }),
  service5x: renderServiceConf5x({
    os: 'linux',
    version: '5.1',
    inputPort: 9999,
    alertTarget: '192.0.2.10:9999',
    resourcesIp: '192.0.2.21',
  }),
  service5xWindows: renderServiceConf5x({
    os: 'windows',
    version: '5.1',
    inputPort: 9999,
    alertTarget: '192.0.2.10:9999',
    resourcesIp: '192.0.2.21',
  }),
  feedUtil: renderFeedUtilConf({ os: 'linux', certFile: '/opt/kaspersky/ksp/etc/feeds.pem' }),
};

/** Byte offset in the file of a UTF-16 offset in XmlSource.text. */
export function byteOffset(doc: XmlDocument, offset: number): number {
  return (doc.source.bom ? 3 : 0) + new TextEncoder().encode(doc.source.text.slice(0, offset)).length;
}

/** Asserts two byte arrays are identical, naming the first differing offset when not. */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  if (a.equals(b)) return;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  expect.fail(
    `${what}: bytes differ at offset ${i} (lengths ${a.length} and ${b.length}): ${JSON.stringify(a.subarray(i, i + 40).toString())} vs ${JSON.stringify(b.subarray(i, i + 40).toString())}`,
  );
}

/**
 * Asserts that `after` equals `before` except inside the byte region [start, end) of `before`: the
 * bytes before `start` and the bytes after `end` are identical. Returns the bytes that replaced it.
 */
export function expectOnlyRegionChanged(before: Uint8Array, after: Uint8Array, start: number, end: number): string {
  const tail = before.length - end;
  expect(after.length).toBeGreaterThanOrEqual(start + tail);
  expectSameBytes(after.subarray(0, start), before.subarray(0, start), 'prefix before the edited region');
  expectSameBytes(after.subarray(after.length - tail), before.subarray(end), 'suffix after the edited region');
  return Buffer.from(after.subarray(start, after.length - tail)).toString('utf8');
}

/** Every element of a tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}
