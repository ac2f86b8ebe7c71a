// One SFTP subsystem channel: identity, path rules and delayed, crash-proof replies.
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import type { SessionContext } from '../context.js';
import { callerFor } from '../context.js';
import { answerLater } from '../faults.js';
import { ConnectionDropped } from '../fs/errors.js';
import type { Caller } from '../fs/policy.js';
import type { Vfs } from '../fs/vfs.js';
import { HandleTable } from './handles.js';
import type { SftpStatus } from './status.js';
import { status, statusForError } from './status.js';

/** State and reply helpers of one SFTP session. */
export class SftpSession {
  readonly handles = new HandleTable();
  readonly vfs: Vfs;
  /** sftp-server runs as the login user: not root on Linux, an Administrator on Windows. */
  readonly caller: Caller;

  constructor(
    readonly sftp: SFTPWrapper,
    readonly session: SessionContext,
  ) {
    this.vfs = session.host.vfs;
    this.caller = callerFor(session, this.vfs.os === 'windows');
  }

  /** Resolves a client path (relative ones start in the home folder). */
  path(clientPath: string): string {
    return this.vfs.normalize(clientPath === '' ? '.' : clientPath);
  }

  /** The path as this server prints it: `/a/b`, or `/C:/a/b` as Windows OpenSSH does. */
  display(hostPath: string): string {
    if (this.vfs.os === 'linux') return hostPath;
    return `/${this.vfs.canonical(hostPath).replace(/\\/g, '/')}`;
  }

  /** Runs one request; a failure becomes its status, a dropped connection gets no answer at all. */
  run(reqId: number, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof ConnectionDropped) return;
      this.status(reqId, statusForError(error));
    }
  }

  /** Sends a status (after the slow fault's delay). */
  status(reqId: number, answer: SftpStatus): void {
    this.send(() => this.sftp.status(reqId, answer.code, answer.message));
  }

  /** Sends OK. */
  ok(reqId: number): void {
    this.status(reqId, status(0));
  }

  /** Sends a handle. */
  handle(reqId: number, handle: Buffer): void {
    this.send(() => this.sftp.handle(reqId, handle));
  }

  /** Sends file data. */
  data(reqId: number, data: Buffer): void {
    this.send(() => this.sftp.data(reqId, data));
  }

  /** Sends names (READDIR, REALPATH). */
  name(reqId: number, names: FileEntry[]): void {
    this.send(() => this.sftp.name(reqId, names));
  }

  /** Sends attributes. */
  attrs(reqId: number, attrs: Attributes): void {
    this.send(() => this.sftp.attrs(reqId, attrs));
  }

  private send(reply: () => void): void {
    answerLater(this.session.host.faults, () => {
      try {
        reply();
      } catch {
        // The client closed the channel while the answer was on its way.
      }
    });
  }
}
