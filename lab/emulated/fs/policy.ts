// Who may change what: the Linux permission bits (login user vs root) and the seeded write faults.
import type { LabInstance } from '../../spec.js';
import type { FaultState } from '../faults.js';
import { VfsError } from './errors.js';
import { SUDO_GID, USER_ID } from './owners.js';
import { isUnder } from './paths.js';

/** Who is asking: root (sudo on Linux; always on Windows, where the user is an Administrator). */
export interface Caller {
  readonly root: boolean;
  /** Cuts the caller's SSH connection (drop-mid-write). */
  readonly drop: () => void;
}

/** The parts of a file's status that permission checks need. */
export interface Access {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** The volume the `disk-full` fault fills: the one holding /opt on Linux, drive C: on Windows. */
export const LINUX_FULL_VOLUME = '/opt';

/** Permission and fault rules of one host. */
export class Policy {
  constructor(
    private readonly instance: Pick<LabInstance, 'os' | 'serviceDir'>,
    private readonly faults: FaultState,
  ) {}

  /** Unix permission check for the login user; root and Windows Administrators pass. */
  permits(meta: Access, caller: Caller, want: 4 | 2 | 1): boolean {
    if (this.instance.os === 'windows' || caller.root) return true;
    let bits = meta.mode & 7;
    if (meta.uid === USER_ID) bits = (meta.mode >> 6) & 7;
    else if (meta.gid === USER_ID || meta.gid === SUDO_GID) bits = (meta.mode >> 3) & 7;
    return (bits & want) !== 0;
  }

  /** True when the path is under the service tree. */
  inServiceTree(path: string): boolean {
    return isUnder(this.instance.os, path, this.instance.serviceDir);
  }

  /** `permission-denied`: the service tree behaves as immutable (chattr +i), even for root. */
  immutable(path: string): boolean {
    return this.faults.has('permission-denied') && this.inServiceTree(path);
  }

  /** The error an immutable path gives: EPERM from Linux, "access denied" from Windows. */
  immutableError(path: string): VfsError {
    return new VfsError(this.instance.os === 'linux' ? 'EPERM' : 'EACCES', path);
  }

  /** `disk-full`: no data block can be written on this path's volume. */
  volumeFull(path: string): boolean {
    if (!this.faults.has('disk-full')) return false;
    return this.instance.os === 'windows' || isUnder('linux', path, LINUX_FULL_VOLUME);
  }

  /** Names the volume holding a path; only `disk-full` makes /opt a volume of its own. */
  volumeOf(path: string): string {
    return this.instance.os === 'linux' && this.volumeFull(path) ? LINUX_FULL_VOLUME : '/';
  }

  /** Throws unless the caller may change this existing file or directory. */
  checkModify(path: string, meta: Access, caller: Caller): void {
    if (this.immutable(path)) throw this.immutableError(path);
    if (!this.permits(meta, caller, 2)) throw new VfsError('EACCES', path);
  }

  /** Throws unless the caller may add an entry to this directory. */
  checkCreateIn(dir: string, dirMeta: Access, caller: Caller, path: string): void {
    if (this.immutable(dir) || this.immutable(path)) throw this.immutableError(path);
    if (!this.permits(dirMeta, caller, 2)) throw new VfsError('EACCES', path);
  }

  /** Throws unless the caller may remove this entry from its directory (sticky bit included). */
  checkDeleteIn(dir: string, dirMeta: Access, path: string, meta: Access, caller: Caller): void {
    if (this.immutable(dir) || this.immutable(path)) throw this.immutableError(path);
    if (!this.permits(dirMeta, caller, 2)) throw new VfsError('EACCES', path);
    const sticky = (dirMeta.mode & 0o1000) !== 0;
    if (sticky && !caller.root && this.instance.os === 'linux' && meta.uid !== USER_ID && dirMeta.uid !== USER_ID) {
      throw new VfsError('EPERM', path);
    }
  }

  /** Throws unless the caller may read this file or list this directory. */
  checkRead(path: string, meta: Access, caller: Caller): void {
    if (!this.permits(meta, caller, 4)) throw new VfsError('EACCES', path);
  }
}
