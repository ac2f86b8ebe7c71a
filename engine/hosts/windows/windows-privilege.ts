// Administrator rights on a Windows host: membership of BUILTIN\Administrators in the session's token.
import { stderrText } from '../dialect/errors.js';
import type { WindowsCommands } from './windows-commands.js';
import { outputLines } from './windows-commands.js';

/** The WindowsPrincipal check; True only when the logon token holds the Administrators group enabled. */
export const ADMINISTRATOR_CHECK =
  '([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)';

/** Whether the session runs as an Administrator, with what the host said. */
export async function probeAdministrator(commands: WindowsCommands, timeoutMs?: number): Promise<{ admin: boolean; detail: string }> {
  const result = await commands.run(ADMINISTRATOR_CHECK, timeoutMs === undefined ? {} : { timeoutMs });
  const answer = outputLines(result.stdout).join(' ').trim();
  if (result.code === 0 && answer === 'True') return { admin: true, detail: 'WindowsPrincipal.IsInRole(Administrator): True' };
  const why = result.code === 0 ? answer : `exit ${result.code ?? 'none'} ${stderrText(result.stderr, 300)}`;
  return { admin: false, detail: `WindowsPrincipal.IsInRole(Administrator): ${why}` };
}
