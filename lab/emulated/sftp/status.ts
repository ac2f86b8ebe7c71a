// SFTP answers as OpenSSH's sftp-server words them: errno_to_portable() and its fixed messages.
import type { Attributes } from 'ssh2';
import { utils } from '../ssh2-runtime.js';
import { VfsError } from '../fs/errors.js';
import type { VStat } from '../fs/vfs.js';

const { STATUS_CODE } = utils.sftp;

/** An SFTP status code and the message OpenSSH sends with it (never strerror: "Failure" for ENOSPC). */
export interface SftpStatus {
  readonly code: number;
  readonly message: string;
}

const MESSAGES: Record<number, string> = {
  [STATUS_CODE.OK]: 'Success',
  [STATUS_CODE.EOF]: 'End of file',
  [STATUS_CODE.NO_SUCH_FILE]: 'No such file',
  [STATUS_CODE.PERMISSION_DENIED]: 'Permission denied',
  [STATUS_CODE.FAILURE]: 'Failure',
  [STATUS_CODE.BAD_MESSAGE]: 'Bad message',
  [STATUS_CODE.OP_UNSUPPORTED]: 'Operation unsupported',
};

/** Status with OpenSSH's message for a code. */
export function status(code: number): SftpStatus {
  return { code, message: MESSAGES[code] ?? 'Unknown error' };
}

/** Maps a failure to the status OpenSSH would send (unknown errors become FAILURE). */
export function statusForError(error: unknown): SftpStatus {
  if (!(error instanceof VfsError)) return status(STATUS_CODE.FAILURE);
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return status(STATUS_CODE.NO_SUCH_FILE);
    case 'EPERM':
    case 'EACCES':
      return status(STATUS_CODE.PERMISSION_DENIED);
    case 'EINVAL':
      return status(STATUS_CODE.BAD_MESSAGE);
    case 'ENOSYS':
      return status(STATUS_CODE.OP_UNSUPPORTED);
    case 'EEXIST':
    case 'EISDIR':
    case 'ENOTEMPTY':
    case 'ENOSPC':
    case 'EXDEV':
      return status(STATUS_CODE.FAILURE);
  }
}

/** SFTP attributes of a status (times in whole seconds, as version 3 carries them). */
export function toAttrs(stat: VStat): Attributes {
  return {
    mode: stat.mode,
    uid: stat.uid,
    gid: stat.gid,
    size: stat.size,
    atime: Math.floor(stat.atimeMs / 1000),
    mtime: Math.floor(stat.mtimeMs / 1000),
  };
}
