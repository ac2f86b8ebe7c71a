// Which way to root works on a Linux host: root itself, sudo without a password, or sudo with one.
import type { LinuxCommands, RootAccess } from './linux-commands.js';
import { stderrText } from '../dialect/errors.js';

/** Root access as detected, or why there is none. */
export type LinuxRootProbe = (RootAccess & { readonly detail: string }) | { readonly method: 'none'; readonly detail: string };

/** What the first two probes (`id -u`, `sudo -n true`) found, when they ran inside the OS probe. */
export interface LinuxProbeStart {
  readonly uid: string;
  readonly sudoN: { readonly code: number | null; readonly stderr: string };
}

/** The marker lines of probeScript. */
const MARK = { start: 'ctha-probe', sudoN: 'ctha-sudo-n=', sudoS: 'ctha-sudo-S=' } as const;

/**
 * The privilege probes as one sh script for the OS probe: `id -u`, `sudo -n true`, and (when the
 * caller writes the password to stdin) `sudo -S -p '' true` only if sudo -n failed. Exit codes come
 * back on marker lines. The script holds no `& | < > ( ) ^ % "`, so cmd.exe, which parses the whole
 * OS probe line on a Windows host before skipping this part, finds nothing in it to act on.
 */
export function linuxProbeScript(withPassword: boolean): string {
  const sudoS = withPassword ? ` if sudo -S -p '' true; then echo ${MARK.sudoS}0; else echo ${MARK.sudoS}$?; fi;` : '';
  return `echo ${MARK.start}; id -u; if sudo -n true; then echo ${MARK.sudoN}0; else echo ${MARK.sudoN}$?;${sudoS} fi`;
}

/**
 * Reads linuxProbeScript's output: a complete probe when it decided (root, sudo -n, or sudo -S tried),
 * the start of one when sudo -S is still to try, undefined when the script did not run.
 */
export function parseLinuxProbe(
  lines: readonly string[],
  stderr: string,
  password: string | undefined,
): LinuxRootProbe | LinuxProbeStart | undefined {
  const at = lines.indexOf(MARK.start);
  const uid = lines[at + 1];
  const code = (mark: string): number | null | undefined => {
    const line = lines.find((candidate) => candidate.startsWith(mark));
    if (line === undefined) return undefined;
    const value = Number(line.slice(mark.length));
    return Number.isInteger(value) ? value : null;
  };
  const sudoN = code(MARK.sudoN);
  if (at === -1 || uid === undefined || !/^\d+$/.test(uid) || sudoN === undefined) return undefined;
  const said = stderrText(stderr);
  if (uid === '0') return { method: 'root', detail: 'logged in as root (id -u: 0)' };
  if (sudoN === 0) return { method: 'sudo', detail: `uid ${uid}; sudo -n true succeeded (no password needed)` };
  const start: LinuxProbeStart = { uid, sudoN: { code: sudoN, stderr: said } };
  const sudoS = code(MARK.sudoS);
  if (sudoS === undefined || password === undefined) return start;
  const why = `uid ${uid}; sudo -n true: exit ${sudoN ?? 'none'} ${said}`;
  if (sudoS === 0) return { method: 'sudo-password', password, detail: `${why}; sudo -S with the login password succeeded` };
  return { method: 'none', detail: `${why}; sudo -S with the password: exit ${sudoS ?? 'none'}` };
}

/** True when a parseLinuxProbe answer is a finished probe. */
export function isCompleteProbe(probe: LinuxRootProbe | LinuxProbeStart): probe is LinuxRootProbe {
  return 'method' in probe;
}

/**
 * Tries, in order, `id -u` = 0, `sudo -n true`, then `sudo -S -p '' true` with the password on stdin
 * (never in argv). The first that works wins: it is the least a later command will need. `start`
 * skips the first two when the OS probe already ran them.
 */
export async function probeLinuxRoot(
  commands: LinuxCommands,
  password: string | undefined,
  timeoutMs?: number,
  start?: LinuxProbeStart,
): Promise<LinuxRootProbe> {
  const bound = timeoutMs === undefined ? {} : { timeoutMs };
  let uid: string;
  let sudoN: LinuxProbeStart['sudoN'];
  if (start) ({ uid, sudoN } = start);
  else {
    const id = await commands.run(['id', '-u'], bound);
    uid = id.stdout.toString().trim();
    if (id.code === 0 && uid === '0') return { method: 'root', detail: 'logged in as root (id -u: 0)' };
    const nopasswd = await commands.run(['sudo', '-n', 'true'], bound);
    if (nopasswd.code === 0) return { method: 'sudo', detail: `uid ${uid}; sudo -n true succeeded (no password needed)` };
    sudoN = { code: nopasswd.code, stderr: stderrText(nopasswd.stderr) };
  }
  const why = `uid ${uid}; sudo -n true: exit ${sudoN.code ?? 'none'} ${sudoN.stderr}`;
  if (password === undefined) return { method: 'none', detail: `${why}; no password is known for sudo -S (key or agent login)` };
  // sudo -S reads one line: a password with a line break could never be typed there.
  if (/[\r\n]/.test(password)) return { method: 'none', detail: `${why}; the password holds a line break, which sudo -S cannot read` };
  const withPassword = await commands.run(['sudo', '-S', '-p', '', 'true'], { ...bound, stdin: `${password}\n`, secretStdin: true });
  if (withPassword.code === 0) return { method: 'sudo-password', password, detail: `${why}; sudo -S with the login password succeeded` };
  return {
    method: 'none',
    detail: `${why}; sudo -S with the password: exit ${withPassword.code ?? 'none'} ${stderrText(withPassword.stderr)}`,
  };
}
