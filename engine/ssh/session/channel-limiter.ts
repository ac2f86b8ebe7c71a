// At most N channels open at once on one connection (OpenSSH's MaxSessions is 10 and SFTP counts).
import type { ChannelStats } from './types.js';

/** A held channel slot; release() is idempotent. */
export interface ChannelPermit {
  release(): void;
}

interface Waiter {
  readonly resolve: (permit: ChannelPermit) => void;
  readonly reject: (error: Error) => void;
}

/** A counting semaphore with the accounting the leak tests read. */
export class ChannelLimiter {
  #open = 0;
  #peak = 0;
  #opened = 0;
  #closed = 0;
  #retries = 0;
  readonly #waiters: Waiter[] = [];
  #failure: Error | undefined;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChannels must be a positive integer, got ${max}`);
  }

  /** Waits for a free slot (first come, first served); rejects once the connection has failed. */
  acquire(): Promise<ChannelPermit> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#open < this.max) return Promise.resolve(this.#grant());
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Rejects every waiter and every later acquire with `error` (connection lost or closed). */
  fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#failure);
  }

  /** Counts one refused-and-retried channel open. */
  noteRetry(): void {
    this.#retries += 1;
  }

  /** Current accounting. */
  stats(): ChannelStats {
    return {
      open: this.#open,
      peak: this.#peak,
      waiting: this.#waiters.length,
      opened: this.#opened,
      closed: this.#closed,
      retries: this.#retries,
    };
  }

  #grant(): ChannelPermit {
    this.#open += 1;
    this.#opened += 1;
    this.#peak = Math.max(this.#peak, this.#open);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#open -= 1;
        this.#closed += 1;
        const next = this.#waiters.shift();
        if (next) next.resolve(this.#grant());
      },
    };
  }
}
