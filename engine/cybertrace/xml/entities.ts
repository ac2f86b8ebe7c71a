// Character and entity references: only the five entities XML predefines and numeric character
// references exist in a file without a DOCTYPE. Anything else is refused rather than guessed.

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };

/** The outcome of decoding references: the value, or where the first bad reference starts. */
export type DecodedReferences =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly at: number; readonly reason: string };

/** True for a code point XML 1.0 allows in a document (production [2] Char). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Replaces `&amp;`-style and `&#...;` references in raw character data and turns literal CRLF or CR into
 * LF as every XML processor does (a `&#13;` reference stays a CR); `at` is relative to `raw`.
 */
export function decodeReferences(raw: string): DecodedReferences {
  if (!raw.includes('&')) return { ok: true, value: normalizeLineEnds(raw) };
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', amp);
    const body = semi === -1 ? '' : raw.slice(amp + 1, semi);
    const decoded = decodeReference(body);
    if (decoded === undefined) {
      const shown = semi === -1 || semi - amp > 40 ? raw.slice(amp, amp + 12) : raw.slice(amp, semi + 1);
      return {
        ok: false,
        at: amp,
        reason: `unknown or malformed reference "${shown}" (only &amp; &lt; &gt; &apos; &quot; and &#...; are defined)`,
      };
    }
    out += normalizeLineEnds(raw.slice(last, amp)) + decoded;
    last = semi + 1;
  }
  return { ok: true, value: out + normalizeLineEnds(raw.slice(last)) };
}

/** CRLF and lone CR to LF (XML 1.0 section 2.11). */
export function normalizeLineEnds(value: string): string {
  return value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
}

function decodeReference(body: string): string | undefined {
  const named = PREDEFINED[body];
  if (named !== undefined) return named;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
  if (!numeric) return undefined;
  const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number.parseInt(numeric[2] ?? '', 10);
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

/** Offset of the first character XML 1.0 forbids in a document, or -1. */
export function firstForbiddenChar(text: string): number {
  // Lone surrogates cannot come out of a fatal UTF-8 decode, so the BMP classes are enough here.
  const match = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
  return match ? match.index : -1;
}
