// SFTP failures as specific messages naming the operation and path ("sftp write /opt/...: permission denied").
import type { LiveConnection } from './connection.js';
import type { SessionError, SftpReason } from './errors.js';
import { isSessionError, messageOf } from './errors.js';
import { formatBytes } from './caps.js';
import { FileTooLargeError, StagedSftpError } from './sftp-ops.js';
import { utils } from './ssh2-runtime.js';

const { STATUS_CODE } = utils.sftp;

// OpenSSH's sftp-server sends these fixed texts, never strerror (so ENOSPC arrives as "Failure").
const GENERIC = /^(failure|unknown status)?$/i;

function describe(
  status: number | undefined,
  serverMessage: string,
  stage: StagedSftpError['stage'] | undefined,
  op: string,
): { text: string; reason: SftpReason } {
  if (/no space/i.test(serverMessage)) return { text: 'no space left on device', reason: 'no-space' };
  switch (status) {
    case STATUS_CODE.NO_SUCH_FILE:
      return { text: 'no such file or directory', reason: 'no-such-file' };
    case STATUS_CODE.PERMISSION_DENIED:
      return { text: 'permission denied', reason: 'permission-denied' };
    case STATUS_CODE.OP_UNSUPPORTED:
      return { text: 'operation not supported by the server', reason: 'unsupported' };
    case STATUS_CODE.FAILURE:
      if (op === 'write' && (stage === 'data' || stage === 'close') && GENERIC.test(serverMessage.trim())) {
        return {
          text: `no space left on device or quota exceeded (probably: the server answered "${serverMessage}" to a data write, which is how OpenSSH's sftp-server reports ENOSPC and EDQUOT without naming them)`,
          reason: 'no-space',
        };
      }
      return { text: `failure (the server said "${serverMessage}")`, reason: 'failure' };
    default:
      return { text: serverMessage || 'unknown error', reason: 'other' };
  }
}

/** Maps anything an SFTP operation threw to a SessionError naming the operation and path. */
export function sftpFailure(conn: LiveConnection, op: string, path: string, error: unknown, subject = path): SessionError {
  const operation = `sftp ${op}`;
  if (isSessionError(error)) return error;
  if (error instanceof FileTooLargeError) {
    const { limitBytes, receivedBytes, announcedBytes } = error;
    const arrived =
      receivedBytes > 0
        ? `${receivedBytes} bytes had arrived; reading stopped`
        : `the server says it holds ${announcedBytes ?? '?'} bytes; nothing was read`;
    const what = op === 'readdir' ? 'the listing' : 'the file';
    const message = `output-too-large: ${operation} ${subject}: ${what} is over the cap of ${formatBytes(limitBytes)} (${arrived})`;
    return conn.ctx.error('output-too-large', message, { operation, path, limitBytes, receivedBytes });
  }
  const staged = error instanceof StagedSftpError ? error : undefined;
  const cause = staged ? staged.cause : error;
  const message = messageOf(cause);
  // ssh2 fails pending requests with "No response from server" when the channel or connection dies.
  if (conn.ended || /No response from server|Not connected/.test(message)) return conn.lostDuring(operation, path, subject);
  const code = (cause as { code?: unknown } | undefined)?.code;
  const status = typeof code === 'number' ? code : undefined;
  const { text, reason } = describe(status, message, staged?.stage, op);
  return conn.ctx.error('sftp', `${operation} ${subject}: ${text}`, {
    operation,
    path,
    sftpReason: reason,
    detail: status === undefined ? message : `status ${status}: ${message}`,
  });
}
