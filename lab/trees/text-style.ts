// Text files on a lab host carry their host's habits: CRLF (and sometimes a BOM) on Windows, LF on Linux.

/** How a text file is stored: its line ending and whether it opens with a UTF-8 byte order mark. */
export interface TextStyle {
  readonly eol: '\n' | '\r\n';
  readonly bom: boolean;
}

/** A text file's content without its BOM, exactly as stored otherwise, and the style it was stored in. */
export interface DecodedText {
  readonly text: string;
  readonly style: TextStyle;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The style of a text file the lab writes on a host of this OS (a BOM only where the caller asks for one). */
export function textStyleFor(os: 'linux' | 'windows', bom = false): TextStyle {
  return os === 'windows' ? { eol: '\r\n', bom } : { eol: '\n', bom: false };
}

/** Encodes LF-separated text in the given style. */
export function encodeText(text: string, style: TextStyle): Buffer {
  const body = Buffer.from(style.eol === '\n' ? text : text.replace(/\r?\n/g, '\r\n'), 'utf8');
  return style.bom ? Buffer.concat([BOM, body]) : body;
}

/**
 * Splits a stored text file into its content and style. The content keeps its own line endings, so
 * an edit can splice it without touching any other byte; the style is what new lines should use.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes);
  const bom = buffer.subarray(0, 3).equals(BOM);
  const text = buffer.subarray(bom ? 3 : 0).toString('utf8');
  return { text, style: { eol: text.includes('\r\n') ? '\r\n' : '\n', bom } };
}

/** Re-encodes content from decodeText (already in its own line endings) with its BOM. */
export function reencodeText(decoded: DecodedText): Buffer {
  const body = Buffer.from(decoded.text, 'utf8');
  return decoded.style.bom ? Buffer.concat([BOM, body]) : body;
}
