import type { XmlSource } from './types.js';

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Encodes text the way `source` was encoded: UTF-8, with the BOM when the original had one. */
export function encodeLike(source: XmlSource, text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!source.bom) return body;
  const out = new Uint8Array(UTF8_BOM.length + body.length);
  out.set(UTF8_BOM, 0);
  out.set(body, UTF8_BOM.length);
  return out;
}
