// Where paths lead on a Linux host: `readlink -f` of each, in one command (as root when asked, so a
// folder the login user may not search hides no link).
import { HostError } from '../dialect/errors.js';
import { shQuote } from '../quoting/posix.js';
import type { LinuxCommands } from './linux-commands.js';
import { linuxPaths } from './linux-paths.js';

const MARK = '#ctha-resolved';

/** The `sh -c` script: for each path a marker line, then its `readlink -f` in base64 on one line (empty when it fails). */
export function linuxResolveScript(paths: readonly string[]): string {
  return paths.map((path) => `echo '${MARK}'; readlink -f -- ${shQuote(linuxPaths.check(path))} | base64 -w 0; echo`).join('\n');
}

/**
 * Resolves every path on the host, following every symbolic link (`readlink -f`: all but the last
 * component must exist). Gives the resolved paths in order; '' for one that cannot be resolved.
 */
export async function resolveLinuxPaths(
  commands: LinuxCommands,
  paths: readonly string[],
  options: { readonly timeoutMs?: number; readonly privileged?: boolean } = {},
): Promise<string[]> {
  if (paths.length === 0) return [];
  const result = await commands.check('readlink -f', ['sh', '-c', linuxResolveScript(paths)], {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    privileged: options.privileged === true,
  });
  const lines = result.stdout.toString('latin1').split('\n');
  const found: string[] = [];
  for (let at = 0; at < lines.length; at++) {
    if (lines[at] !== MARK) continue;
    const encoded = lines[at + 1] ?? '';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded))
      throw new HostError('unexpected-output', `readlink -f: unexpected output ${JSON.stringify(encoded.slice(0, 80))}`);
    found.push(Buffer.from(encoded, 'base64').toString('utf8').replace(/\n$/, ''));
  }
  if (found.length !== paths.length)
    throw new HostError('unexpected-output', `readlink -f: expected ${paths.length} answers, got ${found.length}`);
  return found;
}
