// Windows code pages the emulation needs: the console's OEM 437, ANSI 1252, and BOM detection.

// Code points of bytes 0x80-0xFF in code page 437 (what cmd.exe and PowerShell write to a redirected
// stdout on an en-US Windows Server until the script switches [Console]::OutputEncoding).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

// Code points of bytes 0x80-0x9F in Windows-1252 (the rest of 0xA0-0xFF equals Latin-1); the five
// undefined bytes map to the C1 controls, as .NET's decoder does.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Encodings the emulated consoles and file cmdlets use. */
export type WinEncoding = 'cp437' | 'cp1252' | 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16le-bom' | 'ascii';

// Bytes below 0x80 are ASCII; `high` lists the characters of 0x80 upwards; `latin1` maps 0xA0-0xFF to
// the same code points (Windows-1252).
function singleByte(text: string, high: string, latin1: boolean): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    const at = high.indexOf(ch);
    if (code < 0x80) bytes.push(code);
    else if (latin1 && code >= 0xa0 && code <= 0xff) bytes.push(code);
    // Windows' fallback for characters the code page lacks is '?'.
    else bytes.push(at === -1 ? 0x3f : 0x80 + at);
  }
  return Buffer.from(bytes);
}

/** Encodes text; BOM variants start with their byte-order mark. */
export function encode(text: string, encoding: WinEncoding): Buffer {
  switch (encoding) {
    case 'cp437':
      return singleByte(text, CP437_HIGH, false);
    case 'cp1252':
      return singleByte(text, CP1252_80_9F, true);
    case 'ascii':
      return Buffer.from(text.replace(/[^\x00-\x7f]/gu, '?'), 'latin1');
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }
}

/** Decodes Windows-1252 (PowerShell 5.1's default for files without a BOM). */
export function decodeAnsi(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? (CP1252_80_9F[byte - 0x80] ?? '?') : String.fromCharCode(byte);
  return text;
}

/** Decodes file bytes the way PowerShell 5.1's Get-Content does: BOM first, else the given default. */
export function decodeFile(bytes: Buffer, fallback: 'ansi' | 'utf-8' | 'utf-16le'): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (fallback === 'ansi') return decodeAnsi(bytes);
  return bytes.toString(fallback === 'utf-8' ? 'utf8' : 'utf16le');
}

/** Decodes the console's OEM code page 437. */
export function decodeOem(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : ([...CP437_HIGH][byte - 0x80] ?? '?');
  return text;
}
