// Host paths as each dialect spells them, normalised, and the local files behind them.
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hostSegments } from '../../host-paths.js';
import type { LabInstance, LabOs } from '../../spec.js';
import { VfsError } from './errors.js';

/**
 * Normalises a path the way the host would resolve it: relative paths start at `cwd`, `.` and `..`
 * are folded. Linux gives `/a/b`; Windows accepts `C:\a`, `C:/a` and SFTP's `/C:/a` and gives `C:\a`.
 */
export function normalizeHostPath(os: LabOs, path: string, cwd: string): string {
  return os === 'linux' ? normalizeLinux(path, cwd) : normalizeWindows(path, cwd);
}

function fold(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

function normalizeLinux(path: string, cwd: string): string {
  if (path.includes('\0')) throw new VfsError('EINVAL', path);
  const absolute = path.startsWith('/') ? path : `${cwd}/${path}`;
  return `/${fold(absolute.split('/')).join('/')}`;
}

function normalizeWindows(path: string, cwd: string): string {
  if (path.includes('\0')) throw new VfsError('EINVAL', path);
  let p = path.replace(/\//g, '\\');
  // UNC shares and device paths are outside anything the lab models.
  if (p.startsWith('\\\\')) throw new VfsError('EINVAL', path);
  p = p.replace(/^\\(?=[A-Za-z]:)/, '');
  let drive: string;
  let rest: string;
  const absolute = /^([A-Za-z]):(\\.*)?$/.exec(p);
  if (absolute?.[1]) {
    drive = absolute[1].toUpperCase();
    rest = absolute[2] ?? '';
  } else if (/^[A-Za-z]:/.test(p)) {
    // Drive-relative paths (`C:x`) depend on a per-drive cwd that cmd keeps and we do not.
    throw new VfsError('EINVAL', path);
  } else if (p.startsWith('\\')) {
    drive = cwd.slice(0, 1);
    rest = p;
  } else {
    drive = cwd.slice(0, 1);
    rest = `${cwd.slice(2)}\\${p}`;
  }
  return `${drive}:\\${fold(rest.split('\\')).join('\\')}`;
}

/** True when `path` is `dir` or inside it (case-insensitive on Windows). */
export function isUnder(os: LabOs, path: string, dir: string): boolean {
  const sep = os === 'linux' ? '/' : '\\';
  const a = os === 'linux' ? path : path.toLowerCase();
  const b = (os === 'linux' ? dir : dir.toLowerCase()).replace(/[\\/]+$/, '');
  return a === b || a.startsWith(b + sep);
}

/** The parent of a normalised host path (the root is its own parent). */
export function parentOf(os: LabOs, path: string): string {
  if (os === 'linux') {
    const cut = path.lastIndexOf('/');
    return cut <= 0 ? '/' : path.slice(0, cut);
  }
  const cut = path.lastIndexOf('\\');
  return cut <= 2 ? path.slice(0, 3) : path.slice(0, cut);
}

/** The last segment of a normalised host path. */
export function baseName(os: LabOs, path: string): string {
  const sep = os === 'linux' ? '/' : '\\';
  return path.slice(path.lastIndexOf(sep) + 1);
}

/** Joins a normalised directory and a name. */
export function childOf(os: LabOs, dir: string, name: string): string {
  const sep = os === 'linux' ? '/' : '\\';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * The local file behind a normalised host path and the path with the case found on disk. Windows
 * names are case-insensitive, so each segment matches an existing entry whatever its case.
 */
export function resolveLocal(instance: Pick<LabInstance, 'os' | 'rootDir'>, hostPath: string): { local: string; canonical: string } {
  const segments = hostSegments(instance.os, hostPath);
  if (instance.os === 'linux') return { local: join(instance.rootDir, ...segments), canonical: hostPath };
  const [drive = 'C', ...rest] = segments;
  let local = join(instance.rootDir, drive);
  const found: string[] = [];
  for (const segment of rest) {
    let name = segment;
    if (!existsSync(join(local, segment))) {
      const entries = safeReaddir(local);
      name = entries.find((entry) => entry.toLowerCase() === segment.toLowerCase()) ?? segment;
    }
    local = join(local, name);
    found.push(name);
  }
  return { local, canonical: `${drive}:\\${found.join('\\')}` };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Symbolic links a path may pass before ELOOP (Linux's MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

/**
 * Follows symbolic links in a normalised Linux host path the way the kernel does, but inside the host:
 * a link in the tree holds a host path (`/etc/shadow` means `<rootDir>/etc/shadow`, never the lab
 * machine's file), relative targets start in the link's folder. `followLast` false leaves the last
 * component as it is (lstat, unlink, rename). Windows paths are returned as given (links are not followed there).
 */
export function resolveHostLinks(instance: Pick<LabInstance, 'os' | 'rootDir'>, hostPath: string, followLast = true): string {
  if (instance.os !== 'linux') return hostPath;
  let pending = hostSegments('linux', hostPath);
  let done: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.shift() ?? '';
    if (name === '..') {
      done.pop();
      continue;
    }
    const next = [...done, name];
    let link = false;
    try {
      link = lstatSync(join(instance.rootDir, ...next)).isSymbolicLink();
    } catch {
      link = false;
    }
    if (link && (followLast || pending.length > 0)) {
      // ELOOP would be the kernel's answer; the lab's error codes (and the SFTP mapping) have no such code.
      if (++hops > MAX_LINK_HOPS) throw new VfsError('EINVAL', hostPath);
      const target = readlinkSync(join(instance.rootDir, ...next), 'utf8');
      if (target.startsWith('/')) done = [];
      pending = [...target.split('/').filter((part) => part !== '' && part !== '.'), ...pending];
      continue;
    }
    done = next;
  }
  return `/${done.join('/')}`;
}

/** True when the last component of a normalised Linux host path is a symbolic link (lstat; earlier links followed). */
export function isHostLink(instance: Pick<LabInstance, 'os' | 'rootDir'>, hostPath: string): boolean {
  if (hostPath === '/') return false;
  const path = resolveHostLinks(instance, hostPath, false);
  try {
    return lstatSync(join(instance.rootDir, ...hostSegments(instance.os, path))).isSymbolicLink();
  } catch {
    return false;
  }
}
