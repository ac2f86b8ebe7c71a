// SFTP requests on open files: OPEN, READ, WRITE, CLOSE, FSTAT, FSETSTAT, fsync@openssh.com.
import { fsyncSync, readSync } from 'node:fs';
import type { Attributes } from 'ssh2';
import { VfsError } from '../fs/errors.js';
import { openWrite } from '../fs/write-file.js';
import { utils } from '../ssh2-runtime.js';
import type { SftpSession } from './session.js';
import { status, toAttrs } from './status.js';
import { applyAttrs } from './path-ops.js';

const { OPEN_MODE, STATUS_CODE } = utils.sftp;
/** sftp-server's largest READ answer (SFTP_MAX_READ_LENGTH in OpenSSH is 256 KiB). */
const MAX_READ = 256 * 1024;

/** OPEN: read-only opens need read permission; any write flag goes through the write checks. */
export function onOpen(s: SftpSession, reqId: number, filename: string, flags: number, attrs: Attributes): void {
  s.run(reqId, () => {
    const path = s.path(filename);
    const writing = (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND)) !== 0;
    let wire: Buffer | null;
    if (writing) {
      const writer = openWrite(s.vfs, path, s.caller, {
        create: (flags & OPEN_MODE.CREAT) !== 0,
        truncate: (flags & OPEN_MODE.TRUNC) !== 0,
        exclusive: (flags & OPEN_MODE.EXCL) !== 0,
        append: (flags & OPEN_MODE.APPEND) !== 0,
        read: (flags & OPEN_MODE.READ) !== 0,
        ...(attrs.mode !== undefined ? { mode: attrs.mode } : {}),
      });
      wire = s.handles.add({ kind: 'file', path, fd: writer.fd, writer });
      if (!wire) writer.close();
    } else {
      const fd = s.vfs.openRead(path, s.caller);
      wire = s.handles.add({ kind: 'file', path, fd });
    }
    if (!wire) return s.status(reqId, status(STATUS_CODE.FAILURE));
    s.handle(reqId, wire);
  });
}

function fileHandle(s: SftpSession, wire: Buffer) {
  const handle = s.handles.get(wire);
  return handle?.kind === 'file' ? handle : undefined;
}

/** READ: short reads are fine; zero bytes means EOF. */
export function onRead(s: SftpSession, reqId: number, wire: Buffer, offset: number, length: number): void {
  s.run(reqId, () => {
    const handle = fileHandle(s, wire);
    if (!handle) return s.status(reqId, status(STATUS_CODE.FAILURE));
    const buffer = Buffer.alloc(Math.min(length, MAX_READ));
    const got = readSync(handle.fd, buffer, 0, buffer.length, offset);
    if (got === 0) return s.status(reqId, status(STATUS_CODE.EOF));
    s.data(reqId, buffer.subarray(0, got));
  });
}

/** WRITE: where disk-full refuses and drop-mid-write cuts the connection (then no answer at all). */
export function onWrite(s: SftpSession, reqId: number, wire: Buffer, offset: number, data: Buffer): void {
  s.run(reqId, () => {
    const handle = fileHandle(s, wire);
    // A handle opened read-only gives EBADF, which sftp-server maps to a failure.
    if (!handle?.writer) return s.status(reqId, status(STATUS_CODE.FAILURE));
    handle.writer.write(data, offset);
    s.ok(reqId);
  });
}

/** CLOSE of a file or directory handle. */
export function onClose(s: SftpSession, reqId: number, wire: Buffer): void {
  s.run(reqId, () => {
    if (!s.handles.close(wire)) return s.status(reqId, status(STATUS_CODE.FAILURE));
    s.ok(reqId);
  });
}

/** FSTAT: the status of the path the handle was opened on. */
export function onFstat(s: SftpSession, reqId: number, wire: Buffer): void {
  s.run(reqId, () => {
    const handle = fileHandle(s, wire);
    if (!handle) return s.status(reqId, status(STATUS_CODE.FAILURE));
    s.attrs(reqId, toAttrs(s.vfs.stat(handle.path)));
  });
}

/** FSETSTAT: as SETSTAT on the handle's path. */
export function onFsetstat(s: SftpSession, reqId: number, wire: Buffer, attrs: Attributes): void {
  s.run(reqId, () => {
    const handle = fileHandle(s, wire);
    if (!handle) return s.status(reqId, status(STATUS_CODE.FAILURE));
    applyAttrs(s, handle.path, attrs);
    s.ok(reqId);
  });
}

/** fsync@openssh.com: flushes a file handle. */
export function onFsync(s: SftpSession, reqId: number, wire: Buffer): void {
  s.run(reqId, () => {
    const handle = fileHandle(s, wire);
    if (!handle) throw new VfsError('EINVAL', '(handle)');
    fsyncSync(handle.fd);
    s.ok(reqId);
  });
}
