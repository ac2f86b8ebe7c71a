// Host failures as typed errors, and one classification of "why" shared by every layer above.
import { SessionError } from '../../ssh/session/index.js';

/** What went wrong at the host layer. */
export type HostErrorCode =
  | 'os-mismatch' // the project says one OS, the host is the other
  | 'os-unsupported' // neither Linux nor Windows (e.g. uname says FreeBSD)
  | 'os-undetected' // no probe gave a recognisable answer
  | 'invalid-path' // not absolute, not canonical, or holds NUL
  | 'not-found' // the file to work on does not exist
  | 'command-failed' // a remote command exited non-zero (HostCommandError)
  | 'timeout' // the host did not answer within the operation's bound
  | 'unexpected-output' // a command succeeded but printed something we cannot read
  | 'output-too-large' // the host sent more than the cap allows (a gathered file over the file cap)
  | 'verification-failed' // a digest, mode or owner read back is not the one written
  | 'privilege-unavailable' // no root, no sudo, no Administrators membership
  | 'service-unknown' // no known service-control method on this host
  | 'service-failed'; // a start or stop did not reach the wanted state

/** Why an operation failed, in words every caller can branch on (session codes, SFTP reasons, stderr). */
export type FailureReason =
  | 'connection-lost'
  | 'timeout'
  | 'closed'
  | 'channel-open-failed'
  | 'no-space'
  | 'permission-denied'
  | 'not-found'
  | 'privilege'
  | 'digest-mismatch'
  | 'stale'
  | 'sftp'
  | 'command-failed'
  | 'output-too-large'
  | 'other';

/** A specific failure of the host layer. */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly reason: FailureReason = 'other',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HostError';
  }
}

/** A remote command that ran and exited non-zero; stderr is kept (trimmed) because it says why. */
export class HostCommandError extends HostError {
  constructor(
    /** What the command was for, e.g. `sha256sum /opt/x` (never a secret: those travel on stdin). */
    readonly what: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    reason: FailureReason,
  ) {
    super('command-failed', `${what}: exit ${exitCode ?? 'none'}${stderr ? `: ${stderr}` : ''}`, reason);
    this.name = 'HostCommandError';
  }
}

// sudo's own complaints come first: "Permission denied" inside them is about sudo, not the file.
const PATTERNS: readonly [RegExp, FailureReason][] = [
  [/^sudo: |Sorry, try again|is not in the sudoers file|a password is required/m, 'privilege'],
  [/No space left on device|not enough space on the disk/i, 'no-space'],
  // A read-only file system (e.g. a read-only mount of the service tree) refuses writes like a permission.
  [
    /Permission denied|Operation not permitted|Read-only file system|Access to the path .* is denied|Access is denied/i,
    'permission-denied',
  ],
  [/No such file or directory|Cannot find path|does not exist/i, 'not-found'],
];

/** The reason a command failed, from its exit code and stderr; 124 is the host-side `timeout` firing. */
export function commandFailureReason(exitCode: number | null, stderr: string, hostBound: boolean): FailureReason {
  if (hostBound && (exitCode === 124 || exitCode === 137)) return 'timeout';
  for (const [pattern, reason] of PATTERNS) if (pattern.test(stderr)) return reason;
  return 'command-failed';
}

/** The reason behind anything thrown by the session or host layer. */
export function failureReason(error: unknown): FailureReason {
  if (error instanceof HostError) return error.reason;
  if (!(error instanceof SessionError)) return 'other';
  switch (error.code) {
    case 'connection-lost':
    case 'timeout':
    case 'closed':
    case 'channel-open-failed':
    case 'output-too-large':
      return error.code;
    case 'sftp':
      switch (error.sftpReason) {
        case 'no-space':
        case 'permission-denied':
          return error.sftpReason;
        case 'no-such-file':
          return 'not-found';
        default:
          return 'sftp';
      }
    default:
      return 'other';
  }
}

/** The first line(s) of a command's stderr, trimmed and bounded for messages. */
export function stderrText(stderr: Buffer | string, max = 600): string {
  const text = stderr.toString().replace(/\r\n/g, '\n').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
