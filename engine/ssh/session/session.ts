// A logged-in SSH session to one instance: bounded exec and single-stream SFTP, every operation transcribed.
import type { SFTPWrapper } from 'ssh2';
import type { SftpOp, TranscriptEntry } from '../transcript/entry.js';
import { bounded } from './bounded.js';
import { checkCap, execCapFor } from './caps.js';
import type { LiveConnection } from './connection.js';
import type { SessionContext } from './context.js';
import type { SessionError } from './errors.js';
import { runExec } from './exec.js';
import type { SessionSecrets } from './secrets.js';
import { SftpChannel } from './sftp-channel.js';
import { sftpFailure } from './sftp-errors.js';
import type { ByteCounter } from './sftp-ops.js';
import { listDir, makeDir, readWhole, removeFile, renamePath, statPath, writeWhole } from './sftp-ops.js';
import type {
  ChannelStats,
  ExecOptions,
  ExecResult,
  ReadFileOptions,
  RemoteDirEntry,
  RemoteStat,
  RenameMethod,
  SessionTarget,
} from './types.js';

type Draft = Omit<TranscriptEntry, 'instance' | 'target' | 'startedAt' | 'durationMs'>;

/** One SSH connection to one instance, reused for the whole run. */
export class SshSession {
  readonly #sftp: SftpChannel;

  constructor(
    private readonly ctx: SessionContext,
    private readonly conn: LiveConnection,
    private readonly secrets: SessionSecrets,
  ) {
    this.#sftp = new SftpChannel(conn);
  }

  /** Where this session goes and how it logged in. */
  get target(): SessionTarget {
    return this.ctx.target;
  }

  /** The login password the session obtained (for `sudo -S`); undefined with key or agent auth. Never log it. */
  loginPassword(): string | undefined {
    return this.secrets.password;
  }

  /** Why the connection is gone (`connection-lost` or `closed`), or undefined while it is up. */
  get ended(): SessionError | undefined {
    return this.conn.ended;
  }

  /** Calls `listener` once when the connection ends; returns the function that removes it. */
  onEnd(listener: (error: SessionError) => void): () => void {
    return this.conn.onEnd(listener);
  }

  /** Channel accounting: open now, peak, waiting, opened/closed totals, retried opens. */
  stats(): ChannelStats {
    return this.conn.limiter.stats();
  }

  /** Runs a command; resolves with any exit status; rejects on timeout, lost connection or refused channel. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.ctx.timeouts.commandMs;
    const bound = options.hostBound === false ? undefined : this.ctx.deps.boundCommand;
    const sent = bound ? bound(command, timeoutMs) : command;
    const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
    // A secret stdin is also a secret wherever it might be echoed back (an error message, a command line).
    if (options.secretStdin && stdin) this.ctx.deps.redactor.add(stdin.toString('utf8').replace(/\r?\n$/, ''));
    const cap = execCapFor(
      this.ctx.caps,
      options.maxOutputBytes === undefined ? undefined : checkCap('maxOutputBytes', options.maxOutputBytes),
    );
    const started = Date.now();
    const outcome = await runExec(this.conn, sent, stdin, timeoutMs, cap);
    this.#record(started, {
      kind: 'exec',
      op: 'exec',
      command: sent,
      exitCode: outcome.result ? outcome.result.code : null,
      ...(outcome.result?.signal ? { signal: outcome.result.signal } : {}),
      bytesIn: outcome.bytesIn,
      bytesOut: stdin?.length ?? 0,
      ...(options.secretStdin ? { secretStdin: true as const } : {}),
      ...failureFields(outcome.error),
    });
    if (outcome.error || !outcome.result) throw outcome.error;
    return outcome.result;
  }

  /** Reads a whole file in one stream of sequential READs; more than the file cap fails with `output-too-large`. */
  readFile(path: string, options: ReadFileOptions = {}): Promise<Buffer> {
    const cap = options.maxBytes === undefined ? this.ctx.caps.fileBytes : checkCap('maxBytes', options.maxBytes);
    return this.#sftpOp('read', path, (sftp, counter) => readWhole(sftp, path, counter, cap), options);
  }

  /** Creates or replaces a file's content in one stream of sequential WRITEs; `mode` is set exactly. */
  async writeFile(path: string, data: Buffer | string, options: { mode?: number; timeoutMs?: number } = {}): Promise<void> {
    const bytes = Buffer.from(data);
    await this.#sftpOp('write', path, (sftp, counter) => writeWhole(sftp, path, bytes, options.mode, counter), options);
  }

  /** Status of a path (links followed). */
  stat(path: string, options: { timeoutMs?: number } = {}): Promise<RemoteStat> {
    return this.#sftpOp('stat', path, (sftp) => statPath(sftp, path), options);
  }

  /** Directory entries without `.` and `..`, sorted by name; a listing over the file cap fails with `output-too-large`. */
  readdir(path: string, options: { timeoutMs?: number } = {}): Promise<RemoteDirEntry[]> {
    return this.#sftpOp('readdir', path, (sftp) => listDir(sftp, path, this.ctx.caps.fileBytes), options);
  }

  /** Renames, atomically replacing the target where the server offers posix-rename; says which ran. */
  rename(from: string, to: string, options: { timeoutMs?: number } = {}): Promise<RenameMethod> {
    return this.#sftpOp('rename', from, (sftp) => renamePath(sftp, from, to), { ...options, toPath: to, note: (method) => method });
  }

  /** Removes a file. */
  unlink(path: string, options: { timeoutMs?: number } = {}): Promise<void> {
    return this.#sftpOp('unlink', path, (sftp) => removeFile(sftp, path), options);
  }

  /** Creates a directory (the server's umask applies to `mode`). */
  mkdir(path: string, options: { mode?: number; timeoutMs?: number } = {}): Promise<void> {
    return this.#sftpOp('mkdir', path, (sftp) => makeDir(sftp, path, options.mode), options);
  }

  /** Closes the SFTP channel and the connection; resolves once the socket is closed. */
  async close(): Promise<void> {
    this.#sftp.reset();
    await this.conn.close();
  }

  async #sftpOp<T>(
    op: SftpOp,
    path: string,
    run: (sftp: SFTPWrapper, counter: ByteCounter) => Promise<T>,
    options: { timeoutMs?: number; toPath?: string; note?: (value: T) => string },
  ): Promise<T> {
    const started = Date.now();
    const counter: ByteCounter = { in: 0, out: 0 };
    const subject = options.toPath === undefined ? path : `${path} -> ${options.toPath}`;
    let value: T | undefined;
    let error: SessionError | undefined;
    try {
      const operation = `sftp ${op}`;
      const timeoutMs = options.timeoutMs ?? this.ctx.timeouts.commandMs;
      // SFTP cannot cancel a request: on timeout, drop the channel so a stuck request cannot block others.
      const onTimeout = (): void => this.#sftp.reset();
      value = await bounded(this.conn, { operation, path, subject, timeoutMs, onTimeout }, async () =>
        run(await this.#sftp.get(operation, path), counter),
      );
    } catch (thrown) {
      error = sftpFailure(this.conn, op, path, thrown, subject);
    }
    this.#record(started, {
      kind: 'sftp',
      op,
      path,
      ...(options.toPath !== undefined ? { toPath: options.toPath } : {}),
      bytesIn: counter.in,
      bytesOut: counter.out,
      ...(value !== undefined && options.note ? { note: options.note(value) } : {}),
      ...failureFields(error),
    });
    if (error) throw error;
    return value as T;
  }

  #record(started: number, draft: Draft): void {
    const entry: TranscriptEntry = {
      instance: this.ctx.target.instance,
      target: this.ctx.where,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      ...draft,
    };
    this.ctx.deps.transcript.record(this.ctx.deps.redactor.redactData(entry));
  }
}

/** The transcript fields of a failure (nothing when the operation succeeded). */
export function failureFields(error: SessionError | undefined): Pick<TranscriptEntry, 'errorCode' | 'error'> {
  return error ? { errorCode: error.code, error: error.message } : {};
}
