// Error records as Windows PowerShell 5.1 prints them on a redirected stderr.
import type { Span } from './ast.js';

/** What an error record carries besides its message. */
export interface ErrorInfo {
  /** ErrorCategory: ObjectNotFound, PermissionDenied, InvalidArgument, WriteError, ... */
  readonly category: string;
  /** FullyQualifiedErrorId, e.g. `PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand`. */
  readonly errorId: string;
  /** Exception type name shown in CategoryInfo, e.g. ItemNotFoundException. */
  readonly exception: string;
  /** The target object (shown as `(target:String)`). */
  readonly target?: string;
  /** The command that raised it (the `X :` prefix and `[X]` in CategoryInfo). */
  readonly activity?: string;
}

/** A PowerShell error: non-terminating when written, terminating when thrown. */
export class PsError extends Error {
  /** Where it happened, filled in by the interpreter. */
  span?: Span;

  constructor(
    message: string,
    readonly info: ErrorInfo,
    /** `throw` ends the script; other terminating errors end only their statement. */
    readonly scriptTerminating = false,
  ) {
    super(message);
    this.name = 'PsError';
  }
}

/** `exit N` unwinding the interpreter. */
export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The term-not-recognized error of an unknown command. */
export function commandNotFound(name: string): PsError {
  return new PsError(
    `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    {
      category: 'ObjectNotFound',
      errorId: 'CommandNotFoundException',
      exception: 'CommandNotFoundException',
      target: name,
      activity: name,
    },
  );
}

/** `At line:L char:C` and the underlined source line of a span. */
export function position(script: string, span: Span | undefined): string[] {
  if (!span) return [];
  const before = script.slice(0, span.start);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = script.indexOf('\n', span.start);
  const text = script.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '');
  const column = span.start - lineStart;
  const width = Math.max(1, Math.min(span.end, lineStart + text.length) - span.start);
  return [`At line:${line} char:${column + 1}`, `+ ${text}`, `+ ${' '.repeat(column)}${'~'.repeat(width)}`];
}

/** The text of an error record (CRLF line ends, a blank line after, as PowerShell 5.1 writes it). */
export function formatError(script: string, error: PsError): string {
  const { info } = error;
  const activity = info.activity ?? '';
  const head = activity ? `${activity} : ${error.message}` : error.message;
  const lines = [
    head,
    ...position(script, error.span),
    `    + CategoryInfo          : ${info.category}: (${info.target ?? ''}:${info.target === undefined ? '' : 'String'}) [${info.errorId === 'CommandNotFoundException' ? '' : activity}], ${info.exception}`,
    `    + FullyQualifiedErrorId : ${info.errorId}`,
    ' ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The text of a parse error (ParserError: the script did not run). */
export function formatParseError(script: string, message: string, errorId: string, offset: number): string {
  const lines = [
    ...position(script, { start: offset, end: offset + 1 }),
    message,
    '    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException',
    `    + FullyQualifiedErrorId : ${errorId}`,
    ' ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
