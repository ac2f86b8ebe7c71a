// The path policy: a write, or a read with privilege, happens only inside the instance's service folder
// (symbolic links resolved on the host, no `..`), or at a path the engineer allowed in the project.
import type { HostDialect, HostOs } from '../../hosts/dialect/index.js';
import { HostError } from '../../hosts/dialect/index.js';
import { LinuxDialect } from '../../hosts/linux/linux-dialect.js';
import { resolveLinuxPaths } from '../../hosts/linux/linux-resolve.js';
import { WindowsDialect } from '../../hosts/windows/windows-dialect.js';
import { windowsReparsePoints } from '../../hosts/windows/windows-files.js';

/** Where one instance may be written: its service folder, and the project's `allowedPaths` for it. */
export interface PathPolicy {
  readonly serviceDir: string;
  readonly allowedPaths: readonly string[];
}

/** The policy of an instance from its service folder and the project's instance entry. */
export function pathPolicy(serviceDir: string, instance: { readonly allowedPaths?: readonly string[] | undefined }): PathPolicy {
  return { serviceDir, allowedPaths: [...(instance.allowedPaths ?? [])] };
}

// Windows names are case-insensitive; both spellings of the separator are one.
function comparable(os: HostOs, path: string): string {
  return os === 'windows' ? path.replace(/\//g, '\\').toLowerCase() : path;
}

/** True when the canonical `path` is `dir` itself or below it, by the strings alone (no `..` can hide in canonical paths). */
export function isInsideDir(os: HostOs, path: string, dir: string): boolean {
  const sep = os === 'linux' ? '/' : '\\';
  const a = comparable(os, path);
  const b = comparable(os, dir).replace(/[\\/]+$/, '');
  return a === b || a.startsWith(b + sep) || (b === '' && a.startsWith(sep));
}

/** True when `path` is exactly one of the policy's allowed paths. */
export function isAllowedPath(os: HostOs, policy: PathPolicy, path: string): boolean {
  return policy.allowedPaths.some((allowed) => comparable(os, allowed) === comparable(os, path));
}

function canonical(dialect: Pick<HostDialect, 'paths'>, path: string): string | undefined {
  try {
    return dialect.paths.check(path);
  } catch {
    return undefined;
  }
}

/** The paths from just below `dir` down to `path` itself (path inside dir): where a link would lead elsewhere. */
export function pathsBelow(dialect: Pick<HostDialect, 'os' | 'paths'>, dir: string, path: string): string[] {
  const below: string[] = [];
  const stop = comparable(dialect.os, dialect.paths.check(dir));
  for (let at = dialect.paths.check(path); comparable(dialect.os, at) !== stop;) {
    below.unshift(at);
    const up = dialect.paths.dirname(at);
    if (up === at) break;
    at = up;
  }
  return below;
}

/** Why `path` may not be touched with privilege, judged on the strings alone; undefined when it may (so far). */
export function lexicalRefusal(dialect: Pick<HostDialect, 'os' | 'paths'>, policy: PathPolicy, path: string): string | undefined {
  const checked = canonical(dialect, path);
  if (checked === undefined) return `${JSON.stringify(path)} is not an absolute, canonical path (no "." or ".." segments)`;
  if (isAllowedPath(dialect.os, policy, checked)) return undefined;
  if (!isInsideDir(dialect.os, checked, policy.serviceDir)) {
    return `${checked} is outside the service folder ${policy.serviceDir} (add it to the instance's allowedPaths in the project to allow it)`;
  }
  return undefined;
}

/** Options of a host-side check. */
export interface HostCheckOptions {
  readonly timeoutMs?: number;
  /** Resolve as root (Linux): a folder the login user may not search then hides no link. */
  readonly privileged?: boolean;
}

/**
 * Why `path` may not be written (or read with privilege) on this host, judged on the host: Linux resolves
 * it and the service folder with `readlink -f` (as root when `privileged`) and refuses a path that resolves
 * out of the folder; Windows refuses any reparse point (symbolic link, junction) below the folder on its
 * way. An allowed path is taken as the engineer named it. Undefined when the path may be used.
 */
export async function hostRefusal(
  dialect: HostDialect,
  policy: PathPolicy,
  path: string,
  options: HostCheckOptions = {},
): Promise<string | undefined> {
  return hostRefusals(dialect, policy, [path], options);
}

/** hostRefusal for several paths in one remote command; the first refusal, or undefined when every path may be used. */
export async function hostRefusals(
  dialect: HostDialect,
  policy: PathPolicy,
  paths: readonly string[],
  options: HostCheckOptions = {},
): Promise<string | undefined> {
  for (const path of paths) {
    const lexical = lexicalRefusal(dialect, policy, path);
    if (lexical !== undefined) return lexical;
  }
  const targets = [...new Set(paths.map((path) => dialect.paths.check(path)).filter((path) => !isAllowedPath(dialect.os, policy, path)))];
  if (targets.length === 0) return undefined;
  const dir = dialect.paths.check(policy.serviceDir);
  if (dialect instanceof LinuxDialect) {
    const [resolvedDir = '', ...resolved] = await resolveLinuxPaths(dialect.commands, [dir, ...targets], options);
    if (resolvedDir === '') return `the service folder ${dir} cannot be resolved on the host, so nothing is written`;
    for (const [index, target] of targets.entries()) {
      const found = resolved[index] ?? '';
      if (found === '') return `${target} cannot be resolved on the host (readlink -f failed), so it is not written`;
      if (!isInsideDir('linux', found, resolvedDir)) {
        return `${target} resolves to ${found} on the host, outside the service folder ${dir}${resolvedDir === dir ? '' : ` (${resolvedDir})`}: a symbolic link on its way leads out of it`;
      }
    }
    return undefined;
  }
  if (dialect instanceof WindowsDialect) {
    const below = [...new Set(targets.flatMap((target) => pathsBelow(dialect, dir, target)))];
    const points = await windowsReparsePoints(dialect.commands, below, options);
    const first = points[0];
    if (first === undefined) return undefined;
    const target = targets.find((candidate) => isInsideDir('windows', candidate, first)) ?? first;
    return `${target}: ${first} is a reparse point (symbolic link or junction) below the service folder ${dir}; the engine never writes through one`;
  }
  throw new HostError('invalid-path', `no path policy check for this kind of host (${dialect.os})`);
}
