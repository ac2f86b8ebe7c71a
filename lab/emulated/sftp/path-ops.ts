// SFTP requests on paths: STAT, SETSTAT, OPENDIR/READDIR, REALPATH, RENAME, REMOVE, MKDIR, RMDIR.
import type { Attributes, FileEntry } from 'ssh2';
import { sftpLongName } from '../fs/longname.js';
import { groupName, userName } from '../fs/owners.js';
import { childOf, parentOf } from '../fs/paths.js';
import { changeMode, changeOwner, makeDir, removeDir, removeFile, renamePath, setTimes, truncateTo } from '../fs/tree.js';
import { utils } from '../ssh2-runtime.js';
import type { SftpSession } from './session.js';
import { status, toAttrs } from './status.js';

const { STATUS_CODE } = utils.sftp;
/** Entries per READDIR answer (sftp-server sends up to 100). */
const READDIR_BATCH = 100;

/** STAT and LSTAT (the lab's trees hold no symbolic links, so both follow the same path). */
export function onStat(s: SftpSession, reqId: number, path: string): void {
  s.run(reqId, () => s.attrs(reqId, toAttrs(s.vfs.stat(s.path(path)))));
}

/** Applies SETSTAT attributes in sftp-server's order: size, permissions, times, owner. */
export function applyAttrs(s: SftpSession, path: string, attrs: Attributes): void {
  if (attrs.size !== undefined) truncateTo(s.vfs, path, s.caller, attrs.size);
  if (attrs.mode !== undefined) changeMode(s.vfs, path, s.caller, attrs.mode);
  if (attrs.atime !== undefined && attrs.mtime !== undefined) setTimes(s.vfs, path, s.caller, attrs.atime, attrs.mtime);
  if (attrs.uid !== undefined || attrs.gid !== undefined) changeOwner(s.vfs, path, s.caller, attrs.uid, attrs.gid);
}

/** SETSTAT on a path. */
export function onSetstat(s: SftpSession, reqId: number, path: string, attrs: Attributes): void {
  s.run(reqId, () => {
    applyAttrs(s, s.path(path), attrs);
    s.ok(reqId);
  });
}

/** OPENDIR: needs a readable directory; entries are read at the first READDIR. */
export function onOpendir(s: SftpSession, reqId: number, path: string): void {
  s.run(reqId, () => {
    const dir = s.path(path);
    s.vfs.readdir(dir, s.caller);
    const wire = s.handles.add({ kind: 'dir', path: dir, pending: null });
    if (!wire) return s.status(reqId, status(STATUS_CODE.FAILURE));
    s.handle(reqId, wire);
  });
}

function entry(s: SftpSession, name: string, path: string): FileEntry | null {
  const stat = s.vfs.tryStat(path);
  if (!stat) return null;
  const user = s.vfs.user;
  return { filename: name, longname: sftpLongName(name, stat, userName(stat.uid, user), groupName(stat.gid, user)), attrs: toAttrs(stat) };
}

/** READDIR: `.`, `..` and the entries, in batches, then EOF. */
export function onReaddir(s: SftpSession, reqId: number, wire: Buffer): void {
  s.run(reqId, () => {
    const handle = s.handles.get(wire);
    if (handle?.kind !== 'dir') return s.status(reqId, status(STATUS_CODE.FAILURE));
    if (handle.pending === null) {
      const names = ['.', '..', ...s.vfs.readdir(handle.path, s.caller)];
      handle.pending = names
        .map((name) =>
          entry(
            s,
            name,
            name === '.' ? handle.path : name === '..' ? parentOf(s.vfs.os, handle.path) : childOf(s.vfs.os, handle.path, name),
          ),
        )
        .filter((item): item is FileEntry => item !== null);
    }
    if (handle.pending.length === 0) return s.status(reqId, status(STATUS_CODE.EOF));
    s.name(reqId, handle.pending.splice(0, READDIR_BATCH));
  });
}

/** REALPATH: `.` is the home folder; the parent must exist, the last segment need not. */
export function onRealpath(s: SftpSession, reqId: number, path: string): void {
  s.run(reqId, () => {
    const resolved = s.path(path);
    s.vfs.stat(parentOf(s.vfs.os, resolved));
    const shown = s.display(resolved);
    s.name(reqId, [{ filename: shown, longname: shown, attrs: {} as Attributes }]);
  });
}

/** RENAME: OpenSSH's SSH_FXP_RENAME refuses an existing target (it links, then unlinks). */
export function onRename(s: SftpSession, reqId: number, from: string, to: string): void {
  s.run(reqId, () => {
    renamePath(s.vfs, s.path(from), s.path(to), s.caller, false);
    s.ok(reqId);
  });
}

/** posix-rename@openssh.com: rename(2), replacing the target atomically. */
export function onPosixRename(s: SftpSession, reqId: number, from: string, to: string): void {
  s.run(reqId, () => {
    renamePath(s.vfs, s.path(from), s.path(to), s.caller, true);
    s.ok(reqId);
  });
}

/** REMOVE of a file. */
export function onRemove(s: SftpSession, reqId: number, path: string): void {
  s.run(reqId, () => {
    removeFile(s.vfs, s.path(path), s.caller);
    s.ok(reqId);
  });
}

/** MKDIR (mode from the attributes, default 0777, less the umask). */
export function onMkdir(s: SftpSession, reqId: number, path: string, attrs: Attributes): void {
  s.run(reqId, () => {
    makeDir(s.vfs, s.path(path), s.caller, attrs.mode ?? 0o777);
    s.ok(reqId);
  });
}

/** RMDIR of an empty directory. */
export function onRmdir(s: SftpSession, reqId: number, path: string): void {
  s.run(reqId, () => {
    removeDir(s.vfs, s.path(path), s.caller);
    s.ok(reqId);
  });
}
