// The session's vocabulary: what openSession needs, and what a session offers its callers.
import type { Auth } from '../../../shared/project/schema.js';
import type { AskPerson } from '../../../shared/contract/prompt-ask.js';
import type { Transcript } from '../transcript/entry.js';
import type { Redactor } from '../transcript/redactor.js';
import type { OutputCaps } from './caps.js';

/** The host to reach and how to log in (from a project Instance). */
export interface SessionTarget {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly auth: Auth;
}

/** Every bound the session enforces, in milliseconds. */
export interface SessionTimeouts {
  /** TCP connect, banner, key exchange and authentication (time spent waiting for a person excluded). */
  readonly readyMs: number;
  readonly keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection counts as lost. */
  readonly keepaliveCountMax: number;
  /** Default bound of each exec and each SFTP operation. */
  readonly commandMs: number;
  /** How long close() and a timed-out channel wait for the server's close before letting go. */
  readonly closeGraceMs: number;
}

/** Retry of channel opens the server refused for now (MaxSessions reached). */
export interface ChannelRetryPolicy {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts after this much time since the first attempt. */
  readonly budgetMs: number;
}

/** What the session needs from the rest of the engine; all injected, so tests and front ends choose. */
export interface SessionDeps {
  /** Decides whether the host's raw public key is the one expected; false or a throw refuses the host. */
  readonly verifyHostKey: (host: string, port: number, rawKey: Buffer) => Promise<boolean>;
  /** Asks a person for a password or passphrase (PromptBroker.ask). */
  readonly ask: AskPerson;
  readonly transcript: Transcript;
  /** Learns every secret the session obtains, and redacts every message the session produces. */
  readonly redactor: Redactor;
  readonly timeouts?: Partial<SessionTimeouts>;
  /** Byte caps on exec output and file reads (caps.ts: 4 MiB, 64 MiB for a gather, 16 MiB per file). */
  readonly caps?: Partial<OutputCaps>;
  readonly channelRetry?: Partial<ChannelRetryPolicy>;
  /** Channels open at once on this connection, SFTP included (default 3; OpenSSH allows 10). */
  readonly maxChannels?: number;
  /**
   * Logins tried with a password before the server's refusal is final (default 1: refused at once). A cluster
   * run sets 3: each refusal re-asks that host's password with the refusal shown (PASSWORD_TRIES).
   */
  readonly passwordAttempts?: number;
  /** Passphrase prompts per key file before giving up (default 3). */
  readonly passphraseAttempts?: number;
  /**
   * ssh2 `algorithms.serverHostKey`, exact order (host-keys/hostKeyAlgorithmsFor puts the pinned
   * types first, so an honest host presents its pinned key); ssh2's default order when absent.
   */
  readonly hostKeyAlgorithms?: readonly string[];
  /** ssh-agent socket; default SSH_AUTH_SOCK, or Pageant on Windows. */
  readonly agentSocket?: string;
  /**
   * Wraps a command so the host itself bounds it (e.g. Linux `timeout --kill-after=5 N`); the
   * session has no dialect knowledge, so the host layer supplies this.
   */
  readonly boundCommand?: (command: string, timeoutMs: number) => string;
  /** Told when a server refuses the login password for user@host, so a remembered one is forgotten (CredentialMemory.refused). */
  readonly passwordRefused?: (user: string, host: string) => void;
}

/** Options of one exec. */
export interface ExecOptions {
  /** Written to the command's stdin, which is then closed (it is closed at once when absent). */
  readonly stdin?: Buffer | string;
  /** The stdin content is a secret: it is never recorded, only the fact that there was one. */
  readonly secretStdin?: boolean;
  readonly timeoutMs?: number;
  /** Most bytes of stdout + stderr to accept (default: the session's cap for this kind of exec, caps.ts). */
  readonly maxOutputBytes?: number;
  /** Apply `deps.boundCommand` (default true when it is given). */
  readonly hostBound?: boolean;
}

/** The outcome of a command that ran to its end (any exit status). */
export interface ExecResult {
  /** Exit status; null when the command ended by a signal. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly durationMs: number;
}

/** Options of one SFTP file read. */
export interface ReadFileOptions {
  readonly timeoutMs?: number;
  /** Most bytes to accept (default: the session's file cap, 16 MiB). */
  readonly maxBytes?: number;
}

/** A remote file's status. */
export interface RemoteStat {
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  /** Full st_mode (type and permission bits). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch, as SFTP v3 carries them. */
  readonly atime: number;
  readonly mtime: number;
}

/** One directory entry (never `.` or `..`). */
export interface RemoteDirEntry {
  readonly name: string;
  /** The server's `ls -l` style line. */
  readonly longname: string;
  readonly stat: RemoteStat;
}

/** Which rename ran: `posix-rename` replaces the target atomically; plain `rename` fails if it exists (OpenSSH). */
export type RenameMethod = 'posix-rename' | 'rename';

/** Channel accounting of one session, for tests and diagnostics. */
export interface ChannelStats {
  /** Channels open now (exec and SFTP). */
  readonly open: number;
  /** Most channels open at once so far. */
  readonly peak: number;
  /** Operations waiting for a channel. */
  readonly waiting: number;
  readonly opened: number;
  readonly closed: number;
  /** Channel opens refused by the server and retried. */
  readonly retries: number;
}
