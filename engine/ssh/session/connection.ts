// The live connection behind a session: the ssh2 client, its channel slots, and how it ended.
import { ChannelLimiter } from './channel-limiter.js';
import type { ChannelPermit } from './channel-limiter.js';
import { DEFAULT_CHANNEL_RETRY, isTransientOpenFailure, openWithRetry } from './channel-retry.js';
import type { SessionContext } from './context.js';
import type { SessionError } from './errors.js';
import { messageOf } from './errors.js';
import type { Ssh2Client } from './ssh2-runtime.js';

/** Default channels open at once per host: OpenSSH allows 10 (MaxSessions); leave room for others. */
export const DEFAULT_MAX_CHANNELS = 3;

/** Lets an operation with its own time bound give up on a channel open it is still waiting for. */
export interface OpenGuard {
  /** Set when the operation's time ran out: no channel may be opened for it any more. */
  aborted: boolean;
  /** Called once a channel slot is held, just before the open is requested. */
  onSlot?: () => void;
}

/** An authenticated connection; every operation takes a channel slot from it. */
export class LiveConnection {
  readonly limiter: ChannelLimiter;
  #ended: SessionError | undefined;
  #lastError: string | undefined;
  #closing = false;
  readonly #listeners = new Set<(error: SessionError) => void>();

  constructor(
    readonly ctx: SessionContext,
    readonly client: Ssh2Client,
  ) {
    this.limiter = new ChannelLimiter(ctx.deps.maxChannels ?? DEFAULT_MAX_CHANNELS);
    // Keepalive timeouts and resets arrive as 'error' just before 'close'; keep the reason.
    client.on('error', (error: Error) => {
      this.#lastError = error.message;
    });
    client.on('close', () => this.#end());
  }

  /** Why the connection is gone (lost or closed), or undefined while it is up. */
  get ended(): SessionError | undefined {
    return this.#ended;
  }

  /** Calls `listener` once when the connection ends; returns the function that removes it. */
  onEnd(listener: (error: SessionError) => void): () => void {
    if (this.#ended) {
      listener(this.#ended);
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The error an operation reports when the connection is gone while it runs (`subject`: path or command). */
  lostDuring(operation: string, path?: string, subject: string | undefined = path): SessionError {
    const what = subject === undefined ? operation : `${operation} ${subject}`;
    if (this.#ended?.code === 'closed')
      return this.ctx.error('closed', `session to ${this.ctx.where} was closed during ${what}`, { operation, path });
    const why = this.#lastError ? ` (${this.#lastError})` : '';
    return this.ctx.error('connection-lost', `connection lost during ${what}${why}`, { operation, path, detail: this.#lastError });
  }

  /**
   * Takes a slot, then opens a channel with retries; the slot is released if the open fails. With a
   * `guard`, a caller whose own bound ran out (`aborted`) gets no channel: a slot granted late is given
   * back at once and no further open is attempted.
   */
  async openChannel<T>(
    operation: string,
    open: (client: Ssh2Client) => Promise<T>,
    path?: string,
    subject: string | undefined = path,
    guard?: OpenGuard,
  ): Promise<{ channel: T; permit: ChannelPermit }> {
    if (this.#ended) throw this.lostDuring(operation, path, subject);
    const permit = await this.limiter.acquire().catch(() => {
      throw this.lostDuring(operation, path, subject);
    });
    const abandoned = (): Error => new Error(`${operation} abandoned: its time ran out before a channel was open`);
    try {
      if (guard?.aborted) throw abandoned();
      guard?.onSlot?.();
      const policy = { ...DEFAULT_CHANNEL_RETRY, ...this.ctx.deps.channelRetry };
      const channel = await openWithRetry(
        () => (guard?.aborted ? Promise.reject(abandoned()) : open(this.client)),
        policy,
        () => this.limiter.noteRetry(),
      );
      return { channel, permit };
    } catch (error) {
      permit.release();
      // ssh2's words for "the socket is gone" (client.js): the close event may not have arrived yet.
      if (this.#ended || /Not connected|No response from server/.test(messageOf(error))) throw this.lostDuring(operation, path, subject);
      const why = isTransientOpenFailure(error)
        ? `the server kept refusing a new channel (${messageOf(error)}); too many sessions open on ${this.ctx.where}?`
        : `the server refused a new channel: ${messageOf(error)}`;
      throw this.ctx.error('channel-open-failed', `${subject === undefined ? operation : `${operation} ${subject}`}: ${why}`, {
        operation,
        path,
        detail: messageOf(error),
      });
    }
  }

  /** Ends the connection politely, then forcibly after the grace period; resolves once it is closed. */
  close(): Promise<void> {
    this.#closing = true;
    if (this.#ended) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.client.destroy();
        // After end() ssh2's destroy() is a no-op (its socket is no longer writable), so a peer that
        // stopped answering would keep the close pending: destroy the socket itself.
        (this.client as unknown as { _sock?: { destroy?: () => void } })._sock?.destroy?.();
      }, this.ctx.timeouts.closeGraceMs);
      this.onEnd(() => {
        clearTimeout(force);
        resolve();
      });
      this.client.end();
    });
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = this.#closing
      ? this.ctx.error('closed', `session to ${this.ctx.where} was closed`)
      : this.ctx.error('connection-lost', `connection to ${this.ctx.where} lost${this.#lastError ? ` (${this.#lastError})` : ''}`, {
          detail: this.#lastError,
        });
    this.limiter.fail(this.#ended);
    for (const listener of [...this.#listeners]) listener(this.#ended);
    this.#listeners.clear();
  }
}
