import { join } from 'node:path';
import type { LabInstance } from './spec.js';

/**
 * Maps a path as the host sees it to the local file that backs it: `/opt/x` to `<rootDir>/opt/x`,
 * `C:\Program Files\x` (or the SFTP form `/C:/Program Files/x`) to `<rootDir>/C/Program Files/x`.
 * Refuses anything that would leave rootDir.
 */
export function hostPathToLocal(instance: Pick<LabInstance, 'os' | 'rootDir'>, hostPath: string): string {
  const parts = hostSegments(instance.os, hostPath);
  if (parts.some((part) => part === '..' || part.includes('\0'))) throw new Error(`path escapes the host root: ${hostPath}`);
  return join(instance.rootDir, ...parts);
}

/** Splits a host path into its segments, the drive letter first on Windows (`C:\a\b` gives C, a, b). */
export function hostSegments(os: LabInstance['os'], hostPath: string): string[] {
  if (os === 'linux') {
    if (!hostPath.startsWith('/')) throw new Error(`expected an absolute Linux path, got ${hostPath}`);
    return hostPath.split('/').filter((part) => part !== '' && part !== '.');
  }
  const normal = hostPath.replace(/\//g, '\\').replace(/^\\(?=[A-Za-z]:)/, '');
  const drive = /^([A-Za-z]):(\\|$)/.exec(normal);
  if (!drive?.[1]) throw new Error(`expected an absolute Windows path such as C:\\..., got ${hostPath}`);
  const rest = normal
    .slice(2)
    .split('\\')
    .filter((part) => part !== '' && part !== '.');
  return [drive[1].toUpperCase(), ...rest];
}

/** Joins a host path the way the host would (`/` on Linux, `\` on Windows). */
export function hostJoin(os: LabInstance['os'], base: string, ...parts: string[]): string {
  const sep = os === 'linux' ? '/' : '\\';
  return [base.replace(/[\\/]+$/, ''), ...parts].join(sep);
}
