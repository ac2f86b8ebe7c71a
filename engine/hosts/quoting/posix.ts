// POSIX sh quoting: the one way a value enters a Linux remote command. sshd hands the command to
// the login shell as `$SHELL -c <command>`; inside single quotes every byte is literal in sh, dash
// and bash alike (no $, `, \ or ! processing), so the only character to treat is ' itself.
import { assertCommandLineText, CommandTooLongError } from './errors.js';

/**
 * The longest command every SSH server must accept: RFC 4253 6.1 guarantees only 32768-byte
 * packet payloads, and an exec request spends 18 bytes on framing. OpenSSH takes more, ssh2
 * (the lab's emulated hosts) does not. Linux's own bound is higher: 128 KiB per argv string
 * (MAX_ARG_STRLEN), the whole command being one argument of `sh -c`.
 */
export const POSIX_COMMAND_LIMIT_BYTES = 32_750;

// Left bare for readable transcripts: nothing here is special to sh anywhere in a word.
// Not `=` (an assignment as a first word), `~` (tilde expansion) or `#` (a comment).
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;
// A bare reserved word as the first word is syntax, not a command name.
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  'function',
  'select',
  'time',
  'coproc',
]);

/** One shell word that sh reads back as exactly `value`; throws NulInCommandLineError on NUL. */
export function shQuote(value: string): string {
  assertCommandLineText(value);
  if (SAFE_WORD.test(value) && !RESERVED.has(value)) return value;
  // Close the quote, add an escaped quote, reopen: 'it'\''s'. Newlines and non-ASCII stay literal.
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line running argv[0] with exactly the given arguments; refuses NUL and over-long lines. */
export function shCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('shCommand needs at least the program name');
  const command = argv.map(shQuote).join(' ');
  const bytes = Buffer.byteLength(command, 'utf8');
  if (bytes > POSIX_COMMAND_LIMIT_BYTES) throw new CommandTooLongError(bytes, POSIX_COMMAND_LIMIT_BYTES, 'bytes');
  return command;
}
