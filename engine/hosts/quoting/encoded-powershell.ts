// The one way a script reaches a Windows host. OpenSSH for Windows hands the command to the
// default shell, cmd.exe unless the customer changed it, and cmd.exe's quoting over a non-pty
// channel is broken (Win32-OpenSSH issues 1273, 1373). -EncodedCommand carries the script as
// base64, whose alphabet no shell reinterprets, so the script arrives intact whatever the shell.
import { assertCommandLineText, CommandTooLongError } from './errors.js';

/** cmd.exe refuses command lines over 8191 characters; it is the default shell, so it sets the limit. */
export const WINDOWS_COMMAND_LIMIT_CHARS = 8191;

/** The powershell.exe invocation before the encoded script. */
export const POWERSHELL_PREFIX = 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ';

/**
 * Put before every script: UTF-8 output, so non-ASCII reaches us intact instead of in the OEM
 * code page; errors stop the script with a failing exit code instead of printing and continuing;
 * no progress records, which a non-interactive powershell.exe would write to stderr as CLIXML.
 */
export const POWERSHELL_PREAMBLE = [
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  "$ErrorActionPreference = 'Stop'",
  "$ProgressPreference = 'SilentlyContinue'",
].join('\n');

/** The command line running `script` (after the preamble) in Windows PowerShell; throws when too long. */
export function encodedPowerShell(script: string): string {
  assertCommandLineText(script);
  const encoded = Buffer.from(`${POWERSHELL_PREAMBLE}\n${script}`, 'utf16le').toString('base64');
  const command = POWERSHELL_PREFIX + encoded;
  if (command.length > WINDOWS_COMMAND_LIMIT_CHARS)
    throw new CommandTooLongError(command.length, WINDOWS_COMMAND_LIMIT_CHARS, 'characters');
  return command;
}

/** The script inside an encodedPowerShell() command line, preamble included (for transcripts); null if it is not one. */
export function decodeEncodedPowerShell(command: string): string | null {
  if (!command.startsWith(POWERSHELL_PREFIX)) return null;
  const encoded = command.slice(POWERSHELL_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return null;
  const bytes = Buffer.from(encoded, 'base64');
  return bytes.length % 2 === 0 ? bytes.toString('utf16le') : null;
}
