// Character-level scanning for the PowerShell subset: blanks, comments, strings, variables, numbers.
import type { Expr } from './ast.js';

/** A parse error as PowerShell reports it (ParserError) before running anything. */
export class PsParseError extends Error {
  constructor(
    message: string,
    readonly errorId: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Syntax PowerShell accepts but the lab does not emulate; also reported before anything runs. */
export function notEmulated(what: string, offset: number): PsParseError {
  return new PsParseError(`The lab's emulated PowerShell does not support ${what}.`, 'NotEmulatedByLab', offset);
}

// PowerShell's tokenizer treats the typographic quotes and dashes as their ASCII forms.
/** True for ' and its typographic forms (‘ ’ ‚ ‛). */
export const isSingleQuote = (c: string | undefined): boolean => c !== undefined && c !== '' && "'\u2018\u2019\u201a\u201b".includes(c);
/** True for " and its typographic forms (“ ” „). */
export const isDoubleQuote = (c: string | undefined): boolean => c !== undefined && c !== '' && '"\u201c\u201d\u201e'.includes(c);
/** True for - and the dashes PowerShell accepts in its place (– — ―). */
export const isDash = (c: string | undefined): boolean => c !== undefined && c !== '' && '-\u2013\u2014\u2015'.includes(c);

const NUMBER = /^(?:0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)(kb|mb|gb|tb|pb)?(?![\w.])/i;
const SCOPES = new Set(['env', 'global', 'script', 'local', 'private', 'variable']);

/** A position in the script with the primitives the parser builds on. */
export class Cursor {
  i = 0;

  constructor(readonly src: string) {}

  /** The character `n` ahead ('' past the end). */
  peek(n = 0): string {
    return this.src[this.i + n] ?? '';
  }

  /** True at the end of the script. */
  eof(): boolean {
    return this.i >= this.src.length;
  }

  /** Skips blanks, comments and backtick line continuations, but not newlines. */
  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0') this.i += 1;
      else if (c === '`' && (this.peek(1) === '\n' || (this.peek(1) === '\r' && this.peek(2) === '\n')))
        this.i += this.peek(1) === '\r' ? 3 : 2;
      else if (c === '<' && this.peek(1) === '#') {
        const end = this.src.indexOf('#>', this.i + 2);
        if (end === -1)
          throw new PsParseError("Missing the terminator '#>' for a block comment.", 'MissingTerminatorMultiLineComment', this.i);
        this.i = end + 2;
      } else if (c === '#') {
        while (!this.eof() && this.peek() !== '\n' && this.peek() !== '\r') this.i += 1;
      } else return;
    }
  }

  /** Skips blanks and newlines. */
  skipSpaceAndNewlines(): void {
    for (;;) {
      this.skipSpace();
      if (this.peek() !== '\n' && this.peek() !== '\r') return;
      this.i += 1;
    }
  }

  /** True when `$` here starts a variable reference rather than a literal dollar. */
  variableAhead(): boolean {
    const next = this.peek(1);
    return /[\w{?$^]/.test(next) && next !== '';
  }

  /** `$name`, `$env:NAME`, `${any name}`, `$?`, `$$`, `$^`, `$_`. */
  variable(): Expr {
    const start = this.i;
    this.i += 1;
    let name: string;
    if (this.peek() === '{') {
      const end = this.src.indexOf('}', this.i);
      if (end === -1) throw new PsParseError("Missing '}' in variable reference.", 'MissingEndCurlyBrace', start);
      name = this.src.slice(this.i + 1, end);
      this.i = end + 1;
    } else if ('?$^'.includes(this.peek())) {
      name = this.peek();
      this.i += 1;
    } else {
      name = /^\w+/.exec(this.src.slice(this.i))?.[0] ?? '';
      this.i += name.length;
      if (SCOPES.has(name.toLowerCase()) && this.peek() === ':' && /\w/.test(this.peek(1))) {
        const rest = /^\w+/.exec(this.src.slice(this.i + 1))?.[0] ?? '';
        name = `${name}:${rest}`;
        this.i += 1 + rest.length;
      }
    }
    return { kind: 'variable', name, span: { start, end: this.i } };
  }

  /** True when a number literal starts here (and is not the start of a word such as `7zip.exe`). */
  numberAhead(): boolean {
    return NUMBER.test(this.src.slice(this.i));
  }

  /** A number literal (decimal, hex, with kb/mb/gb/tb multipliers), or null when none is here. */
  number(): Expr | null {
    const match = NUMBER.exec(this.src.slice(this.i));
    if (!match) return null;
    const start = this.i;
    this.i += match[0].length;
    const digits = match[0].slice(0, match[0].length - (match[1]?.length ?? 0));
    const base = digits.toLowerCase().startsWith('0x') ? parseInt(digits, 16) : Number(digits);
    const scale = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40, pb: 2 ** 50 }[match[1]?.toLowerCase() ?? ''] ?? 1;
    return { kind: 'number', value: base * scale, span: { start, end: this.i } };
  }

  /** A bareword up to a blank or one of `stops`; backtick escapes the next character. */
  bareword(stops: string): string {
    let word = '';
    while (!this.eof()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || stops.includes(c)) break;
      if (c === '`' && this.i + 1 < this.src.length) {
        word += this.peek(1);
        this.i += 2;
        continue;
      }
      word += c;
      this.i += 1;
    }
    return word;
  }
}
