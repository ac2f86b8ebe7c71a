// Shared pieces of the PowerShell parser: spans, errors, and the statement-parsing interface.
import type { Span, Statement } from './ast.js';
import type { Cursor } from './scanner.js';
import { PsParseError } from './scanner.js';

/** What the expression and command parsers need from the statement parser (for `( )`, `$( )`). */
export interface BlockParser {
  /** Statements up to `end` (consumed) or the end of the script. */
  statements(end: ')' | '}' | null): Statement[];
  /** One statement. */
  statement(): Statement;
}

/** The span from `start` to the cursor. */
export function spanFrom(c: Cursor, start: number): Span {
  return { start, end: c.i };
}

/** PowerShell's "Unexpected token" error at the cursor. */
export function unexpectedToken(c: Cursor): PsParseError {
  const token = /^\S+/.exec(c.src.slice(c.i))?.[0] ?? '';
  return new PsParseError(`Unexpected token '${token}' in expression or statement.`, 'UnexpectedToken', c.i);
}

/** Consumes `char` after blanks and newlines, or fails with PowerShell's message for it. */
export function expectChar(c: Cursor, char: string, message: string, errorId: string, start: number): void {
  c.skipSpaceAndNewlines();
  if (c.peek() !== char) throw new PsParseError(message, errorId, start);
  c.i += 1;
}
