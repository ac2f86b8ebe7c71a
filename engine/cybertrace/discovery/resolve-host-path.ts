// Paths as CyberTrace's configs write them, resolved the way the service does: relative to its binary's folder.
import type { HostDialect } from '../../hosts/dialect/index.js';

/** A path from a config resolved on the host, or why it cannot be (never a guess). */
export type ResolvedPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/**
 * Resolves `written` (absolute, or relative to `baseDir`, REFERENCE 1.2 and 4.3) to a canonical host path.
 * Windows: `C:\x` and `C:/x` are absolute, `\x` is on baseDir's drive; UNC paths and `%VARIABLES%` are
 * refused because what they stand for depends on the service's account, which the tool cannot see.
 */
export function resolveHostPath(dialect: Pick<HostDialect, 'os' | 'paths'>, baseDir: string, written: string): ResolvedPath {
  const value = written.trim();
  if (value === '') return { ok: false, reason: 'the path is empty' };
  if (value.includes('\0')) return { ok: false, reason: 'the path holds a NUL character' };
  let start: string;
  let rest: string;
  if (dialect.os === 'linux') {
    start = value.startsWith('/') ? '/' : baseDir;
    rest = value;
  } else {
    if (value.includes('%'))
      return {
        ok: false,
        reason: `${JSON.stringify(value)} uses an environment variable, whose value for the service account is not known here`,
      };
    if (/^[\\/]{2}/.test(value)) return { ok: false, reason: `${JSON.stringify(value)} is a UNC path; network shares are not read` };
    const drive = /^([A-Za-z]):([\\/]|$)/.exec(value);
    if (drive) start = `${(drive[1] ?? '').toUpperCase()}:\\`;
    else if (/^[A-Za-z]:/.test(value))
      return { ok: false, reason: `${JSON.stringify(value)} is relative to a drive's current folder, which is not known here` };
    else start = /^[\\/]/.test(value) ? baseDir.slice(0, 3) : baseDir;
    rest = drive ? value.slice(2) : value;
  }
  let path = start;
  for (const segment of rest.split(dialect.os === 'linux' ? '/' : /[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') path = dialect.paths.dirname(path);
    else {
      try {
        path = dialect.paths.join(path, segment);
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  return { ok: true, path };
}
