// Writing file contents, where the disk-full and drop-mid-write faults bite.
import { chmodSync, closeSync, constants, openSync, writeSync } from 'node:fs';
import { ConnectionDropped, VfsError, fromNodeError } from './errors.js';
import { ROOT_ID, USER_ID } from './owners.js';
import type { Caller } from './policy.js';
import type { Vfs } from './vfs.js';

/** How a file is opened for writing (the SFTP/POSIX open flags that matter). */
export interface OpenWriteOptions {
  readonly create: boolean;
  readonly truncate: boolean;
  readonly exclusive?: boolean;
  readonly append?: boolean;
  readonly read?: boolean;
  /** Permission bits for a new file before the umask (022); default 0666. */
  readonly mode?: number;
}

/** A file open for writing by one caller. */
export class WriteFile {
  private closed = false;

  constructor(
    private readonly vfs: Vfs,
    readonly hostPath: string,
    readonly fd: number,
    private readonly caller: Caller,
  ) {}

  /**
   * Writes data at `position` (null: at the current offset). `disk-full` refuses any data block;
   * `drop-mid-write` writes half of the first block under the service tree, then cuts the connection.
   */
  write(data: Buffer, position: number | null): void {
    if (data.length === 0) return;
    const { policy, faults } = this.vfs;
    if (policy.volumeFull(this.hostPath)) throw new VfsError('ENOSPC', this.hostPath);
    if (policy.inServiceTree(this.hostPath) && faults.claimDrop()) {
      writeSync(this.fd, data, 0, Math.floor(data.length / 2), position);
      this.close();
      this.caller.drop();
      throw new ConnectionDropped();
    }
    try {
      writeSync(this.fd, data, 0, data.length, position);
    } catch (error) {
      throw fromNodeError(error, this.hostPath);
    }
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Opens (and maybe creates) a file for writing after the permission and fault checks. */
export function openWrite(vfs: Vfs, hostPath: string, caller: Caller, options: OpenWriteOptions): WriteFile {
  const existing = vfs.tryStat(hostPath);
  if (existing) {
    if (existing.kind === 'dir') throw new VfsError('EISDIR', hostPath);
    if (options.exclusive) throw new VfsError('EEXIST', hostPath);
    vfs.policy.checkModify(hostPath, existing, caller);
  } else {
    if (!options.create) throw new VfsError('ENOENT', hostPath);
    const parent = vfs.parentDir(hostPath);
    vfs.policy.checkCreateIn(parent.path, parent.stat, caller, hostPath);
  }
  let flags = options.read ? constants.O_RDWR : constants.O_WRONLY;
  if (options.create) flags |= constants.O_CREAT;
  if (options.truncate) flags |= constants.O_TRUNC;
  if (options.append) flags |= constants.O_APPEND;
  const local = vfs.local(hostPath);
  const fd = openLocal(local, hostPath, flags, caller.root, existing?.mode);
  if (!existing) {
    chmodSync(local, (options.mode ?? 0o666) & ~0o022 & 0o7777);
    if (vfs.os === 'linux') vfs.owners.set(hostPath, caller.root ? { uid: ROOT_ID, gid: ROOT_ID } : { uid: USER_ID, gid: USER_ID });
  }
  return new WriteFile(vfs, hostPath, fd, caller);
}

// Emulated root may write a file whose mode forbids it, but this process may not: lift the bit briefly.
function openLocal(local: string, hostPath: string, flags: number, root: boolean, mode: number | undefined): number {
  try {
    return openSync(local, flags, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES' || !root || mode === undefined) throw fromNodeError(error, hostPath);
    chmodSync(local, (mode & 0o7777) | 0o600);
    try {
      return openSync(local, flags, 0o600);
    } finally {
      chmodSync(local, mode & 0o7777);
    }
  }
}

/** Creates or replaces a whole file (truncating first, as `>` and `Set-Content` do). */
export function writeWhole(vfs: Vfs, hostPath: string, caller: Caller, data: Buffer, append = false): void {
  const file = openWrite(vfs, hostPath, caller, { create: true, truncate: !append, append });
  try {
    file.write(data, null);
  } finally {
    file.close();
  }
}
