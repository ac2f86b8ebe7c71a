// The one long-lived SFTP subsystem channel of a session: opened on first use, reused, reopened if it closes.
import type { SFTPWrapper } from 'ssh2';
import type { ChannelPermit } from './channel-limiter.js';
import type { LiveConnection } from './connection.js';

interface Open {
  readonly sftp: SFTPWrapper;
  readonly permit: ChannelPermit;
}

/** Lazily opened SFTP channel; holds one channel slot while open. */
export class SftpChannel {
  #current: Promise<Open> | undefined;

  constructor(private readonly conn: LiveConnection) {}

  /** The SFTP channel, opening it (with channel-open retries) on first use. */
  async get(operation: string, path: string): Promise<SFTPWrapper> {
    const current = (this.#current ??= this.#open(operation, path));
    try {
      return (await current).sftp;
    } catch (error) {
      // A failed open must not stick: the next operation tries again.
      if (this.#current === current) this.#current = undefined;
      throw error;
    }
  }

  /** Ends the channel (after a timeout, or at close); the next operation opens a new one. */
  reset(): void {
    const current = this.#current;
    this.#current = undefined;
    current?.then(
      ({ sftp, permit }) => {
        sftp.end();
        // The slot is released on 'close'; if the server never confirms, let it go anyway.
        setTimeout(() => permit.release(), this.conn.ctx.timeouts.closeGraceMs).unref();
      },
      () => undefined,
    );
  }

  async #open(operation: string, path: string): Promise<Open> {
    const { channel: sftp, permit } = await this.conn.openChannel(
      operation,
      (client) =>
        new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, wrapper) => (error ? reject(error) : resolve(wrapper)))),
      path,
    );
    const opened: Open = { sftp, permit };
    const current = this.#current;
    sftp.on('error', () => undefined);
    sftp.once('close', () => {
      permit.release();
      // The server ended the subsystem: forget this channel so the next operation opens another.
      if (this.#current === current) this.#current = undefined;
    });
    return opened;
  }
}
