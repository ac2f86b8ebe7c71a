// What the transcript keeps about one remote operation: plain, JSON-serialisable data for the report.

/** The kind of remote operation. */
export type TranscriptKind = 'connect' | 'exec' | 'sftp';

/** SFTP operations the session performs. */
export type SftpOp = 'read' | 'write' | 'stat' | 'readdir' | 'rename' | 'unlink' | 'mkdir';

/** One remote operation as the evidence records it; secrets are already redacted. */
export interface TranscriptEntry {
  readonly instance: string;
  /** `host:port` the operation went to. */
  readonly target: string;
  readonly kind: TranscriptKind;
  readonly op: 'connect' | 'exec' | SftpOp;
  /** The command line as sent (exec only). */
  readonly command?: string;
  /** The remote path (sftp only); `toPath` is the rename target. */
  readonly path?: string;
  readonly toPath?: string;
  /** Exit status; null when the command ended without one (signal, lost connection). */
  readonly exitCode?: number | null;
  readonly signal?: string;
  /** ISO 8601 time the operation started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Bytes received from the host (stdout + stderr, file data). */
  readonly bytesIn: number;
  /** Bytes sent to the host (stdin, file data). */
  readonly bytesOut: number;
  /** Set when the stdin content was a secret and is not recorded anywhere. */
  readonly secretStdin?: true;
  /** Extra facts, e.g. the auth method or which rename the server offered. */
  readonly note?: string;
  /** The failure's code and message, when the operation failed. */
  readonly errorCode?: string;
  readonly error?: string;
}

/** Where the session writes entries. */
export interface Transcript {
  /** Records one entry; implementations must not throw. */
  record(entry: TranscriptEntry): void;
}
