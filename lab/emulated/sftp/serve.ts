// Wires an accepted SFTP channel to the emulated file system.
import type { SFTPWrapper } from 'ssh2';
import type { SessionContext } from '../context.js';
import { advertiseSftpExtensions } from '../ssh2-internals.js';
import { utils } from '../ssh2-runtime.js';
import { onClose, onFsetstat, onFstat, onFsync, onOpen, onRead, onWrite } from './file-ops.js';
import { onMkdir, onOpendir, onPosixRename, onReaddir, onRealpath, onRemove, onRename, onRmdir, onSetstat, onStat } from './path-ops.js';
import { SftpSession } from './session.js';
import { status } from './status.js';

const { STATUS_CODE } = utils.sftp;

/** Extensions this server implements and advertises, as OpenSSH's sftp-server names them. */
export const SFTP_EXTENSIONS = { 'posix-rename@openssh.com': '1', 'fsync@openssh.com': '1' };

// Extended requests carry SSH strings: uint32 length, then bytes.
function readStrings(data: Buffer | undefined, count: number): Buffer[] | null {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (!data || at + 4 > data.length) return null;
    const length = data.readUInt32BE(at);
    if (at + 4 + length > data.length) return null;
    out.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

/** Serves one SFTP session until the channel closes. */
export function serveSftp(sftp: SFTPWrapper, session: SessionContext): void {
  const s = new SftpSession(sftp, session);
  advertiseSftpExtensions(sftp, SFTP_EXTENSIONS);
  sftp.on('OPEN', (reqId, filename, flags, attrs) => onOpen(s, reqId, filename, flags, attrs));
  sftp.on('READ', (reqId, handle, offset, length) => onRead(s, reqId, handle, offset, length));
  sftp.on('WRITE', (reqId, handle, offset, data) => onWrite(s, reqId, handle, offset, data));
  sftp.on('CLOSE', (reqId, handle) => onClose(s, reqId, handle));
  sftp.on('FSTAT', (reqId, handle) => onFstat(s, reqId, handle));
  sftp.on('FSETSTAT', (reqId, handle, attrs) => onFsetstat(s, reqId, handle, attrs));
  sftp.on('STAT', (reqId, path) => onStat(s, reqId, path));
  sftp.on('LSTAT', (reqId, path) => onStat(s, reqId, path));
  sftp.on('SETSTAT', (reqId, path, attrs) => onSetstat(s, reqId, path, attrs));
  sftp.on('OPENDIR', (reqId, path) => onOpendir(s, reqId, path));
  sftp.on('READDIR', (reqId, handle) => onReaddir(s, reqId, handle));
  sftp.on('REALPATH', (reqId, path) => onRealpath(s, reqId, path));
  sftp.on('RENAME', (reqId, from, to) => onRename(s, reqId, from, to));
  sftp.on('REMOVE', (reqId, path) => onRemove(s, reqId, path));
  sftp.on('MKDIR', (reqId, path, attrs) => onMkdir(s, reqId, path, attrs));
  sftp.on('RMDIR', (reqId, path) => onRmdir(s, reqId, path));
  sftp.on('READLINK', (reqId) => s.status(reqId, status(STATUS_CODE.OP_UNSUPPORTED)));
  sftp.on('SYMLINK', (reqId) => s.status(reqId, status(STATUS_CODE.OP_UNSUPPORTED)));
  sftp.on('EXTENDED', (reqId, name, data) => {
    if (name === 'posix-rename@openssh.com') {
      const paths = readStrings(data, 2);
      if (!paths?.[0] || !paths[1]) return s.status(reqId, status(STATUS_CODE.BAD_MESSAGE));
      return onPosixRename(s, reqId, paths[0].toString('utf8'), paths[1].toString('utf8'));
    }
    if (name === 'fsync@openssh.com') {
      const handle = readStrings(data, 1)?.[0];
      if (!handle) return s.status(reqId, status(STATUS_CODE.BAD_MESSAGE));
      return onFsync(s, reqId, handle);
    }
    s.status(reqId, status(STATUS_CODE.OP_UNSUPPORTED));
  });
  sftp.on('error', () => undefined);
  sftp.on('close', () => s.handles.closeAll());
}
