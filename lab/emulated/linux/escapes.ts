// Backslash escapes shared by dash's echo, GNU `echo -e`, printf formats and printf %b.

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Result of interpreting escapes: the bytes, and whether `\c` asked to stop all output. */
export interface Unescaped {
  readonly bytes: Buffer;
  readonly stop: boolean;
}

/**
 * Interprets escapes; literal text stays UTF-8, octal and hex escapes give raw bytes.
 * `octalNeedsZero`: echo and %b write octal as `\0NNN`, printf formats as `\NNN`; `hex`: GNU's `\xHH`.
 */
export function unescape(input: string, octalNeedsZero: boolean, hex: boolean): Unescaped {
  const chunks: Buffer[] = [];
  let plain = '';
  const byte = (value: number): void => {
    chunks.push(Buffer.from(plain, 'utf8'), Buffer.from([value & 0xff]));
    plain = '';
  };
  const done = (stop: boolean): Unescaped => ({ bytes: Buffer.concat([...chunks, Buffer.from(plain, 'utf8')]), stop });
  for (let i = 0; i < input.length; i++) {
    const c = input[i] ?? '';
    if (c !== '\\' || i + 1 >= input.length) {
      plain += c;
      continue;
    }
    const next = input[i + 1] ?? '';
    const rest = input.slice(i + 1);
    const octal = (octalNeedsZero ? /^0([0-7]{0,3})/ : /^([0-7]{1,3})/).exec(rest);
    const hexMatch = hex ? /^x([0-9A-Fa-f]{1,2})/.exec(rest) : null;
    if (next === 'c') return done(true);
    if (SIMPLE[next] !== undefined) {
      byte(SIMPLE[next]);
      i += 1;
    } else if (octal) {
      byte(parseInt(octal[1] || '0', 8));
      i += octal[0].length;
    } else if (hexMatch?.[1]) {
      byte(parseInt(hexMatch[1], 16));
      i += hexMatch[0].length;
    } else if (!octalNeedsZero && (next === '"' || next === "'")) {
      plain += next;
      i += 1;
    } else {
      plain += c;
    }
  }
  return done(false);
}
