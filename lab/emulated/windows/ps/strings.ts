// String literals of the PowerShell subset: '...' (verbatim), "..." (backtick escapes and expansion),
// and here-strings @'...'@ / @"..."@.
import type { Expr, Statement } from './ast.js';
import { Cursor, PsParseError, isDoubleQuote, isSingleQuote, notEmulated } from './scanner.js';

const BACKTICK: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A single-quoted string: verbatim, a doubled quote is one quote. */
export function singleQuoted(cur: Cursor): Expr {
  const start = cur.i;
  cur.i += 1;
  let value = '';
  for (;;) {
    if (cur.eof()) throw new PsParseError("The string is missing the terminator: '.", 'TerminatorExpectedAtEndOfString', start);
    const c = cur.peek();
    cur.i += 1;
    if (isSingleQuote(c)) {
      if (!isSingleQuote(cur.peek())) break;
      value += cur.peek();
      cur.i += 1;
    } else value += c;
  }
  return { kind: 'string', value, span: { start, end: cur.i } };
}

/**
 * A double-quoted string: backtick escapes, a doubled quote is one quote, `$name`, `${name}` and
 * `$( statements )` expand (the parser supplies `subexpression`).
 */
export function doubleQuoted(cur: Cursor, subexpression: () => Statement[]): Expr {
  const start = cur.i;
  cur.i += 1;
  const parts: (string | Expr)[] = [];
  let text = '';
  for (;;) {
    if (cur.eof()) throw new PsParseError('The string is missing the terminator: ".', 'TerminatorExpectedAtEndOfString', start);
    const c = cur.peek();
    if (isDoubleQuote(c)) {
      cur.i += 1;
      if (!isDoubleQuote(cur.peek())) break;
      text += cur.peek();
      cur.i += 1;
    } else if (c === '`' && cur.i + 1 < cur.src.length) {
      const next = cur.peek(1);
      text += BACKTICK[next] ?? next;
      cur.i += 2;
    } else if (c === '$' && cur.peek(1) === '(') {
      const subStart = cur.i;
      cur.i += 2;
      const body = subexpression();
      if (text) parts.push(text);
      text = '';
      parts.push({ kind: 'sub', body, array: false, span: { start: subStart, end: cur.i } });
    } else if (c === '$' && cur.variableAhead()) {
      if (text) parts.push(text);
      text = '';
      parts.push(cur.variable());
    } else {
      text += c;
      cur.i += 1;
    }
  }
  if (text) parts.push(text);
  const span = { start, end: cur.i };
  if (parts.every((part) => typeof part === 'string')) return { kind: 'string', value: parts.join(''), span };
  return { kind: 'expandable', parts, span };
}

/** A here-string `@'...'@` (verbatim) or `@"..."@` (backtick escapes and `$name` expand). */
export function hereString(cur: Cursor): Expr {
  const start = cur.i;
  const quote = cur.peek(1);
  const header = /^@['"][ \t]*\r?\n/.exec(cur.src.slice(cur.i));
  if (!header)
    throw new PsParseError(
      'No characters are allowed after a here-string header but before the end of the line.',
      'UnexpectedCharactersAfterHereStringHeader',
      start,
    );
  const bodyStart = cur.i + header[0].length;
  // The newline before the closing `'@` is not part of the string; an empty body has none.
  const close = new RegExp(`\\r?\\n${quote}@`, 'g');
  close.lastIndex = bodyStart;
  const empty = cur.src.startsWith(`${quote}@`, bodyStart);
  const match = empty ? null : close.exec(cur.src);
  if (!empty && !match)
    throw new PsParseError(`The string is missing the terminator: ${quote}@.`, 'TerminatorExpectedAtEndOfString', start);
  const body = match ? cur.src.slice(bodyStart, match.index) : '';
  cur.i = match ? match.index + match[0].length : bodyStart + 2;
  const span = { start, end: cur.i };
  if (quote === "'") return { kind: 'string', value: body, span };
  const inner = new Cursor(body);
  const parts: (string | Expr)[] = [];
  let text = '';
  while (!inner.eof()) {
    const c = inner.peek();
    if (c === '`' && inner.i + 1 < body.length) {
      text += BACKTICK[inner.peek(1)] ?? inner.peek(1);
      inner.i += 2;
    } else if (c === '$' && inner.peek(1) === '(') {
      throw notEmulated('$( ) inside a here-string', start);
    } else if (c === '$' && inner.variableAhead()) {
      if (text) parts.push(text);
      text = '';
      parts.push(inner.variable());
    } else {
      text += c;
      inner.i += 1;
    }
  }
  if (text) parts.push(text);
  return { kind: 'expandable', parts, span };
}
