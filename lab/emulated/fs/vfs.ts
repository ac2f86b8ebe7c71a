// The emulated host's file system: host paths over the instance's rootDir, read side and status.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { LabInstance } from '../../spec.js';
import type { FaultState } from '../faults.js';
import { VfsError, fromNodeError } from './errors.js';
import { Owners } from './owners.js';
import { isHostLink, normalizeHostPath, parentOf, resolveHostLinks, resolveLocal } from './paths.js';
import type { Access, Caller } from './policy.js';
import { Policy } from './policy.js';

/** A file's status as the host reports it. */
export interface VStat extends Access {
  readonly kind: 'file' | 'dir' | 'other';
  readonly size: number;
  readonly atimeMs: number;
  readonly mtimeMs: number;
  /** Windows: the path itself is a reparse point (a symbolic link in the tree); Get-Item's Attributes show it. */
  readonly reparsePoint?: boolean;
}

/** One host's file system; ownership and the drop fault live here, so keep one per host. */
export class Vfs {
  readonly os: LabInstance['os'];
  /** The login user's home as a host path (`/home/u` or `C:\Users\u`). */
  readonly home: string;
  readonly owners: Owners;
  readonly policy: Policy;

  constructor(
    readonly instance: LabInstance,
    readonly user: string,
    readonly faults: FaultState,
  ) {
    this.os = instance.os;
    this.home = instance.os === 'linux' ? `/home/${user}` : `C:\\Users\\${user}`;
    this.owners = new Owners(this.home);
    this.policy = new Policy(instance, faults);
  }

  /** Creates what every login expects: the home folder, and /tmp (mode 1777) or the user's TEMP. */
  prepare(): void {
    mkdirSync(this.local(this.home), { recursive: true });
    if (this.os === 'linux') {
      mkdirSync(this.local('/tmp'), { recursive: true });
      chmodSync(this.local('/tmp'), 0o1777);
    } else {
      mkdirSync(this.local(`${this.home}\\AppData\\Local\\Temp`), { recursive: true });
    }
  }

  /** Normalises a path as the host would, relative to `cwd` (default: the home folder). */
  normalize(path: string, cwd: string = this.home): string {
    return normalizeHostPath(this.os, path, cwd);
  }

  /** The local file behind a normalised host path, symbolic links followed inside the host (Linux). */
  local(hostPath: string): string {
    return resolveLocal(this.instance, resolveHostLinks(this.instance, hostPath)).local;
  }

  /** The local file behind a host path without following a link in its last component (unlink, rename). */
  localNoFollow(hostPath: string): string {
    return resolveLocal(this.instance, resolveHostLinks(this.instance, hostPath, false)).local;
  }

  /** Where a host path leads once every symbolic link is followed (`readlink -m`); Linux only. */
  resolveLinks(hostPath: string): string {
    return resolveHostLinks(this.instance, hostPath);
  }

  /** True when the path itself is a symbolic link (`test -L`). */
  isLink(hostPath: string): boolean {
    return isHostLink(this.instance, hostPath);
  }

  /** The host path with the case found on disk (Windows); unchanged on Linux. */
  canonical(hostPath: string): string {
    return resolveLocal(this.instance, hostPath).canonical;
  }

  /** Status of a host path, or null when nothing is there. */
  tryStat(hostPath: string): VStat | null {
    let st;
    try {
      st = statSync(this.local(hostPath));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw fromNodeError(error, hostPath);
    }
    const owner = this.os === 'linux' ? this.owners.get(hostPath) : { uid: 0, gid: 0 };
    const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const reparsePoint = this.os === 'windows' && lstatSync(this.local(hostPath)).isSymbolicLink();
    return {
      kind,
      mode: st.mode,
      uid: owner.uid,
      gid: owner.gid,
      size: st.size,
      atimeMs: st.atimeMs,
      mtimeMs: st.mtimeMs,
      ...(reparsePoint ? { reparsePoint } : {}),
    };
  }

  /** Status of a host path; ENOENT when missing. */
  stat(hostPath: string): VStat {
    const st = this.tryStat(hostPath);
    if (!st) throw new VfsError('ENOENT', hostPath);
    return st;
  }

  /** The parent directory of a path and its status; ENOENT/ENOTDIR when it cannot hold entries. */
  parentDir(hostPath: string): { path: string; stat: VStat } {
    const path = parentOf(this.os, hostPath);
    const stat = this.stat(path);
    if (stat.kind !== 'dir') throw new VfsError('ENOTDIR', hostPath);
    return { path, stat };
  }

  /** Reads a whole file as the caller. */
  readFile(hostPath: string, caller: Caller): Buffer {
    const st = this.stat(hostPath);
    if (st.kind === 'dir') throw new VfsError('EISDIR', hostPath);
    this.policy.checkRead(hostPath, st, caller);
    try {
      return readFileSync(this.local(hostPath));
    } catch (error) {
      throw fromNodeError(error, hostPath);
    }
  }

  /** Opens a file for reading as the caller (SFTP); returns a local descriptor. */
  openRead(hostPath: string, caller: Caller): number {
    const st = this.stat(hostPath);
    if (st.kind === 'dir') throw new VfsError('EISDIR', hostPath);
    this.policy.checkRead(hostPath, st, caller);
    try {
      return openSync(this.local(hostPath), 'r');
    } catch (error) {
      throw fromNodeError(error, hostPath);
    }
  }

  /** Lists a directory as the caller, names sorted bytewise (C locale). */
  readdir(hostPath: string, caller: Caller): string[] {
    const st = this.stat(hostPath);
    if (st.kind !== 'dir') throw new VfsError('ENOTDIR', hostPath);
    this.policy.checkRead(hostPath, st, caller);
    try {
      return readdirSync(this.local(hostPath)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (error) {
      throw fromNodeError(error, hostPath);
    }
  }
}

/** Closes a local descriptor, ignoring one that is already closed (a dropped connection). */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed by the drop fault.
  }
}
