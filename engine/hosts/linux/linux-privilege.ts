// Which way to root works on a Linux host: root itself, sudo without a password, or sudo with one.
import type { LinuxCommands, RootAccess } from './linux-commands.js';
import { stderrText } from '../dialect/errors.js';

/** Root access as detected, or why there is none. */
export type LinuxRootProbe = (RootAccess & { readonly detail: string }) | { readonly method: 'none'; readonly detail: string };

/**
 * Tries, in order, `id -u` = 0, `sudo -n true`, then `sudo -S -p '' true` with the password on stdin
 * (never in argv). The first that works wins: it is the least a later command will need.
 */
export async function probeLinuxRoot(commands: LinuxCommands, password: string | undefined, timeoutMs?: number): Promise<LinuxRootProbe> {
  const bound = timeoutMs === undefined ? {} : { timeoutMs };
  const id = await commands.run(['id', '-u'], bound);
  const uid = id.stdout.toString().trim();
  if (id.code === 0 && uid === '0') return { method: 'root', detail: 'logged in as root (id -u: 0)' };
  const nopasswd = await commands.run(['sudo', '-n', 'true'], bound);
  if (nopasswd.code === 0) return { method: 'sudo', detail: `uid ${uid}; sudo -n true succeeded (no password needed)` };
  const why = `uid ${uid}; sudo -n true: exit ${nopasswd.code ?? 'none'} ${stderrText(nopasswd.stderr)}`;
  if (password === undefined) return { method: 'none', detail: `${why}; no password is known for sudo -S (key or agent login)` };
  // sudo -S reads one line: a password with a line break could never be typed there.
  if (/[\r\n]/.test(password)) return { method: 'none', detail: `${why}; the password holds a line break, which sudo -S cannot read` };
  const withPassword = await commands.run(['sudo', '-S', '-p', '', 'true'], { ...bound, stdin: `${password}\n`, secretStdin: true });
  if (withPassword.code === 0) return { method: 'sudo-password', password, detail: `${why}; sudo -S with the login password succeeded` };
  return { method: 'none', detail: `${why}; sudo -S with the password: exit ${withPassword.code ?? 'none'} ${stderrText(withPassword.stderr)}` };
}
