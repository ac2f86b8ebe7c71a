import { ConfigXmlError } from './errors.js';
import type { XmlSource } from './types.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Encodings a declaration may name for a file we read as UTF-8 (ASCII is a subset of it). */
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/**
 * Decodes a configuration file as strict UTF-8 and records how it was written (BOM, line ending), so
 * that an edited file can be encoded exactly the same way. A declaration naming another encoding is
 * refused: the bytes would mean different characters to CyberTrace than to us.
 */
export function decodeXmlSource(bytes: Uint8Array, label: string): XmlSource {
  const bom = bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  } catch {
    throw new ConfigXmlError(
      'encoding',
      label,
      `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); the file is left as it is`,
    );
  }
  const declared = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(text)?.[2];
  if (declared !== undefined && !UTF8_NAMES.has(declared.toLowerCase())) {
    throw new ConfigXmlError('encoding', label, `the XML declaration names encoding "${declared}"; only UTF-8 files are read and edited`);
  }
  const firstBreak = text.indexOf('\n');
  const eol = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  return { text, bom, eol, label };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (for the message only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // Binary search on prefixes would be wrong at sequence boundaries; a linear walk over sequences is exact.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0 || i + size > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
  }
  return i;
}
