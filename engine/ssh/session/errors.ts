// Session failures as one typed error with a code, so later layers (pre-checks, apply) can branch.

/** Why a session operation failed. */
export const SESSION_ERROR_CODES = [
  'host-key-rejected', // the verifier said no (or failed): refused before authentication
  'auth-failed', // wrong secret, method not offered, no agent
  'auth-prompt-unsupported', // keyboard-interactive asked for something other than the password
  'key-file', // key file missing, unreadable, not a private key, or wrong passphrase
  'connection-failed', // TCP connect refused, unreachable, name not found
  'timeout', // handshake, command or sftp operation took longer than its bound
  'connection-lost', // the connection died (keepalive, reset, host dropped it)
  'channel-open-failed', // the server kept refusing new channels (MaxSessions) after retries
  'sftp', // the SFTP server answered with an error status
  'cancelled', // the person cancelled a prompt (or nobody answered)
  'closed', // the session was closed by its owner
  'output-too-large', // a command's output or a file read went over its byte cap (caps.ts); reading stopped there
] as const;

/** A session error code. */
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

/** What an SFTP error status means for the caller. */
export type SftpReason = 'no-such-file' | 'permission-denied' | 'no-space' | 'failure' | 'unsupported' | 'other';

/** Details of a session error; the message must already be redacted. */
export interface SessionErrorInit {
  readonly code: SessionErrorCode;
  readonly message: string;
  readonly instance: string;
  /** `host:port`. */
  readonly target: string;
  /** e.g. `exec`, `sftp write`, `connect`. */
  readonly operation?: string;
  readonly path?: string;
  readonly sftpReason?: SftpReason;
  /** The SFTP status code or ssh2's error text, for diagnostics; never a secret. */
  readonly detail?: string;
  /** For `output-too-large`: the cap, in bytes. */
  readonly limitBytes?: number;
  /** For `output-too-large`: how many bytes had arrived when reading stopped. */
  readonly receivedBytes?: number;
}

/** A specific, redacted failure of an SSH session or one of its operations. */
export class SessionError extends Error {
  readonly code: SessionErrorCode;
  readonly instance: string;
  readonly target: string;
  readonly operation: string | undefined;
  readonly path: string | undefined;
  readonly sftpReason: SftpReason | undefined;
  readonly detail: string | undefined;
  readonly limitBytes: number | undefined;
  readonly receivedBytes: number | undefined;

  constructor(init: SessionErrorInit) {
    super(init.message);
    this.name = 'SessionError';
    this.code = init.code;
    this.instance = init.instance;
    this.target = init.target;
    this.operation = init.operation;
    this.path = init.path;
    this.sftpReason = init.sftpReason;
    this.detail = init.detail;
    this.limitBytes = init.limitBytes;
    this.receivedBytes = init.receivedBytes;
  }
}

/** True when `error` is a SessionError (optionally with the given code). */
export function isSessionError(error: unknown, code?: SessionErrorCode): error is SessionError {
  return error instanceof SessionError && (code === undefined || error.code === code);
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
