// Cancelling one running operation (issue 13 item 8): it stops at its next safe point, never inside a write.
import { ApiError } from '../../../shared/contract/errors.js';

/**
 * The cancel switch of one run. `cancel()` only records the wish: the run's hosts refuse their next remote
 * operation (gateSession) unless a protected section is under way (a write, a stop/start, a rollback), and
 * the steps check `cancelled` before each host's next piece of work.
 */
export class RunControl {
  readonly runId: string;
  #cancelled = false;
  #protecting = 0;
  #listeners: (() => void)[] = [];

  constructor(runId: string) {
    this.runId = runId;
  }

  /** Whether the engineer asked this run to stop. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Whether a protected section (see protect) is under way now. */
  get protecting(): boolean {
    return this.#protecting > 0;
  }

  /** Records the cancel; listeners are told once. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  /** Calls `listener` when the run is cancelled (at once if it already is); returns the unsubscribe function. */
  onCancel(listener: () => void): () => void {
    if (this.#cancelled) {
      listener();
      return () => undefined;
    }
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((entry) => entry !== listener);
    };
  }

  /** Throws the `cancelled` error when the run was cancelled; `before` says what was not started. */
  check(before: string): void {
    if (this.#cancelled) throw cancelledError(`the run was cancelled before ${before}`);
  }

  /** Runs `work` to its end even if the run is cancelled meanwhile: its host operations are not refused. */
  async protect<T>(work: () => Promise<T>): Promise<T> {
    this.#protecting += 1;
    try {
      return await work();
    } finally {
      this.#protecting -= 1;
    }
  }
}

/** The contract's `cancelled` error for a run the engineer stopped. */
export function cancelledError(message: string): ApiError {
  return new ApiError({ code: 'cancelled', message });
}

/** Whether `error` is the contract's `cancelled` error. */
export function isCancelledError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'cancelled';
}
