// Changing the tree and metadata: directories, removal, rename, mode, owner, times, size, copy.
import { chmodSync, mkdirSync, readdirSync, renameSync, rmdirSync, truncateSync, unlinkSync, utimesSync } from 'node:fs';
import { VfsError, fromNodeError } from './errors.js';
import { ROOT_ID, USER_ID } from './owners.js';
import { childOf, parentOf } from './paths.js';
import type { Caller } from './policy.js';
import type { Vfs } from './vfs.js';
import { openWrite } from './write-file.js';

function local(vfs: Vfs, hostPath: string, action: (path: string) => void): void {
  try {
    action(vfs.local(hostPath));
  } catch (error) {
    throw fromNodeError(error, hostPath);
  }
}

/** mkdir(2): the parent must exist; a new directory needs a block, so a full volume refuses it. */
export function makeDir(vfs: Vfs, hostPath: string, caller: Caller, mode = 0o777): void {
  if (vfs.tryStat(hostPath)) throw new VfsError('EEXIST', hostPath);
  const parent = vfs.parentDir(hostPath);
  vfs.policy.checkCreateIn(parent.path, parent.stat, caller, hostPath);
  if (vfs.policy.volumeFull(hostPath)) throw new VfsError('ENOSPC', hostPath);
  local(vfs, hostPath, (path) => {
    mkdirSync(path);
    chmodSync(path, mode & ~0o022 & 0o7777);
  });
  if (vfs.os === 'linux') vfs.owners.set(hostPath, caller.root ? { uid: ROOT_ID, gid: ROOT_ID } : { uid: USER_ID, gid: USER_ID });
}

/** `mkdir -p`: creates each missing directory on the way; existing directories are fine. */
export function makeDirs(vfs: Vfs, hostPath: string, caller: Caller): void {
  const st = vfs.tryStat(hostPath);
  if (st) {
    if (st.kind !== 'dir') throw new VfsError('EEXIST', hostPath);
    return;
  }
  const parent = parentOf(vfs.os, hostPath);
  if (parent !== hostPath) makeDirs(vfs, parent, caller);
  makeDir(vfs, hostPath, caller);
}

/** unlink(2) of a file. */
export function removeFile(vfs: Vfs, hostPath: string, caller: Caller): void {
  const st = vfs.stat(hostPath);
  if (st.kind === 'dir') throw new VfsError('EISDIR', hostPath);
  const parent = vfs.parentDir(hostPath);
  vfs.policy.checkDeleteIn(parent.path, parent.stat, hostPath, st, caller);
  // unlink(2) removes a link itself, never what it points at.
  try {
    unlinkSync(vfs.localNoFollow(hostPath));
  } catch (error) {
    throw fromNodeError(error, hostPath);
  }
  vfs.owners.forget(hostPath);
}

/** rmdir(2) of an empty directory. */
export function removeDir(vfs: Vfs, hostPath: string, caller: Caller): void {
  const st = vfs.stat(hostPath);
  if (st.kind !== 'dir') throw new VfsError('ENOTDIR', hostPath);
  if (readdirSync(vfs.local(hostPath)).length > 0) throw new VfsError('ENOTEMPTY', hostPath);
  const parent = vfs.parentDir(hostPath);
  vfs.policy.checkDeleteIn(parent.path, parent.stat, hostPath, st, caller);
  local(vfs, hostPath, rmdirSync);
  vfs.owners.forget(hostPath);
}

/** Removes a file or a whole directory tree, entry by entry, each with its own checks. */
export function removeTree(vfs: Vfs, hostPath: string, caller: Caller): void {
  const st = vfs.stat(hostPath);
  if (st.kind !== 'dir') return removeFile(vfs, hostPath, caller);
  for (const name of vfs.readdir(hostPath, caller)) removeTree(vfs, childOf(vfs.os, hostPath, name), caller);
  removeDir(vfs, hostPath, caller);
}

/** rename(2) (`overwrite`) or OpenSSH's SFTP RENAME, which refuses an existing target. */
export function renamePath(vfs: Vfs, from: string, to: string, caller: Caller, overwrite: boolean): void {
  const source = vfs.stat(from);
  const fromParent = vfs.parentDir(from);
  const toParent = vfs.parentDir(to);
  vfs.policy.checkDeleteIn(fromParent.path, fromParent.stat, from, source, caller);
  const target = vfs.tryStat(to);
  if (target) {
    if (!overwrite) throw new VfsError('EEXIST', to);
    if (target.kind === 'dir' && source.kind !== 'dir') throw new VfsError('EISDIR', to);
    if (target.kind !== 'dir' && source.kind === 'dir') throw new VfsError('ENOTDIR', to);
    vfs.policy.checkDeleteIn(toParent.path, toParent.stat, to, target, caller);
  } else {
    vfs.policy.checkCreateIn(toParent.path, toParent.stat, caller, to);
  }
  if (vfs.policy.volumeOf(from) !== vfs.policy.volumeOf(to)) throw new VfsError('EXDEV', to);
  const targetLocal = vfs.local(to);
  local(vfs, from, (path) => renameSync(path, targetLocal));
  vfs.owners.forget(to);
  vfs.owners.move(from, to);
}

/** chmod(2): only the owner or root. */
export function changeMode(vfs: Vfs, hostPath: string, caller: Caller, mode: number): void {
  const st = vfs.stat(hostPath);
  if (vfs.policy.immutable(hostPath)) throw vfs.policy.immutableError(hostPath);
  if (!caller.root && vfs.os === 'linux' && st.uid !== USER_ID) throw new VfsError('EPERM', hostPath);
  local(vfs, hostPath, (path) => chmodSync(path, mode & 0o7777));
}

/** chown(2): root only on Linux; Windows OpenSSH has no chown (ENOSYS). */
export function changeOwner(vfs: Vfs, hostPath: string, caller: Caller, uid?: number, gid?: number): void {
  const st = vfs.stat(hostPath);
  if (vfs.os === 'windows') throw new VfsError('ENOSYS', hostPath);
  if (vfs.policy.immutable(hostPath)) throw vfs.policy.immutableError(hostPath);
  if (!caller.root) throw new VfsError('EPERM', hostPath);
  vfs.owners.set(hostPath, { uid: uid ?? st.uid, gid: gid ?? st.gid });
}

/** utimes(2): the owner or root. */
export function setTimes(vfs: Vfs, hostPath: string, caller: Caller, atime: number, mtime: number): void {
  const st = vfs.stat(hostPath);
  if (vfs.policy.immutable(hostPath)) throw vfs.policy.immutableError(hostPath);
  if (!caller.root && vfs.os === 'linux' && st.uid !== USER_ID) throw new VfsError('EPERM', hostPath);
  local(vfs, hostPath, (path) => utimesSync(path, atime, mtime));
}

/** truncate(2): needs write permission; growing a file needs space. */
export function truncateTo(vfs: Vfs, hostPath: string, caller: Caller, size: number): void {
  const st = vfs.stat(hostPath);
  if (st.kind === 'dir') throw new VfsError('EISDIR', hostPath);
  vfs.policy.checkModify(hostPath, st, caller);
  if (size > st.size && vfs.policy.volumeFull(hostPath)) throw new VfsError('ENOSPC', hostPath);
  local(vfs, hostPath, (path) => truncateSync(path, size));
}

/** Copies file contents like cp(1): an existing target keeps its mode and owner; `preserve` is `-p`. */
export function copyFile(vfs: Vfs, from: string, to: string, caller: Caller, preserve: boolean): void {
  const source = vfs.stat(from);
  const data = vfs.readFile(from, caller);
  const file = openWrite(vfs, to, caller, { create: true, truncate: true, mode: source.mode & 0o777 });
  try {
    file.write(data, null);
  } finally {
    file.close();
  }
  if (!preserve) return;
  changeMode(vfs, to, caller, source.mode & 0o7777);
  setTimes(vfs, to, caller, source.atimeMs / 1000, source.mtimeMs / 1000);
  if (caller.root && vfs.os === 'linux') vfs.owners.set(to, { uid: source.uid, gid: source.gid });
}
