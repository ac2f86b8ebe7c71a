// PowerShell quoting: the one way a value enters a Windows remote script. A single-quoted string
// is a verbatim literal ($, `, " and newlines are plain text); PowerShell's tokenizer treats the
// typographic quotes U+2018-U+201B as single quotes too, so each of them is doubled like '.
import { assertCommandLineText, UnsafeNativeArgumentError } from './errors.js';

const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** A PowerShell single-quoted literal that evaluates to exactly `value`; throws NulInCommandLineError on NUL. */
export function psQuote(value: string): string {
  assertCommandLineText(value);
  return `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

// Windows PowerShell 5.1 rebuilds a native command line itself: it wraps an argument in "..."
// only when it holds whitespace, does not escape an embedded ", and drops an empty argument.
// A .bat/.cmd is then parsed again by cmd.exe, where % expands and & | < > ^ ( ) are syntax even
// in the middle of a word, and a batch file splits its arguments at , ; and = as well as spaces.
// Only plain words survive all of it, so only plain words are allowed.
const NATIVE_SAFE = /^[A-Za-z0-9_.:\\/+@#~ -]+$/;

function checkNativeArgument(value: string): string {
  assertCommandLineText(value);
  if (value === '') throw new UnsafeNativeArgumentError(value, 'Windows PowerShell drops empty arguments');
  if (!NATIVE_SAFE.test(value)) {
    throw new UnsafeNativeArgumentError(
      value,
      'only letters, digits, spaces and _ . : \\ / + @ # ~ - survive PowerShell 5.1 and cmd.exe unchanged',
    );
  }
  if (value !== value.trim()) throw new UnsafeNativeArgumentError(value, 'leading or trailing spaces are lost');
  // "C:\dir\" would end in \" once PowerShell adds quotes: the program would see a stray quote.
  if (/\s/.test(value) && value.endsWith('\\'))
    throw new UnsafeNativeArgumentError(value, 'a trailing backslash escapes the closing quote');
  return value;
}

/**
 * PowerShell statements running a native program (a .exe or .bat) with plain-word arguments and
 * exiting with its exit code: `& 'C:\path\x.bat' 'stop'; exit $LASTEXITCODE`. Must end the script.
 */
export function psNativeCall(program: string, args: readonly string[] = []): string {
  if (/["%\r\n]/.test(program)) throw new UnsafeNativeArgumentError(program, 'the program path holds ", % or a line break');
  const words = [psQuote(program), ...args.map((arg) => psQuote(checkNativeArgument(arg)))];
  return `& ${words.join(' ')}; exit $LASTEXITCODE`;
}
