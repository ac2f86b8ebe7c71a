// The timing half of a host-key review: collects new keys into one batch, asks once, and never
// shows two review screens at once. It knows nothing about pins; HostKeyReview decides what a
// key is and what an outcome means.
import type { HostKeyTuple } from '../../../shared/contract/events.js';
import type { AskHostKeyReview, HostKeyCandidate } from './review-answer.js';

/** A key waiting for the person's verdict, with every connection waiting on it. */
export interface Waiting {
  readonly candidate: HostKeyCandidate;
  readonly resolvers: ((accepted: boolean) => void)[];
}

/** How a batch ended. */
export type BatchOutcome =
  | { readonly kind: 'answer'; readonly acceptedKeys: readonly HostKeyTuple[] }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled'; readonly message: string };

/** What the batcher needs from its owner. */
export interface BatcherOptions {
  readonly ask: AskHostKeyReview;
  readonly windowMs: number;
  readonly answerTimeoutMs: number;
  /** True once every expected host has presented a key: the batch need not wait any longer. */
  readonly allReported: () => boolean;
  /** Keys shown for information only (changed ones), taken when a batch is asked. */
  readonly takeExtraKeys: () => HostKeyCandidate[];
  readonly settle: (batch: readonly Waiting[], outcome: BatchOutcome) => void;
  /** Where a key goes on the screen (lower first; equal keep their arrival order); default: arrival order. */
  readonly rankOf?: (candidate: HostKeyCandidate) => number;
}

/** Collects new keys; asks when all hosts reported or the window after the first key ends. */
export class ReviewBatcher {
  #collecting = new Map<string, Waiting>();
  #inFlight = new Map<string, Waiting>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asking = false;
  #due = false;

  constructor(private readonly options: BatcherOptions) {}

  /** Waits for the verdict on a key; a key already waiting (same id) is shown once for all its connections. */
  add(id: string, candidate: HostKeyCandidate): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting = this.#inFlight.get(id) ?? this.#collecting.get(id);
      if (waiting) return waiting.resolvers.push(resolve);
      this.#collecting.set(id, { candidate, resolvers: [resolve] });
      this.#timer ??= setTimeout(() => this.#flush(), this.options.windowMs);
      this.poke();
    });
  }

  /** Asks now if every expected host has reported and keys are waiting. */
  poke(): void {
    if (this.#collecting.size > 0 && this.options.allReported()) this.#flush();
  }

  /** Stops collecting and hands back the keys not yet asked about. */
  drain(): Waiting[] {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rest = [...this.#collecting.values()];
    this.#collecting = new Map();
    return rest;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Never two review screens at once: keys arriving meanwhile form the next batch.
    if (this.#asking) {
      this.#due ||= this.#collecting.size > 0;
      return;
    }
    if (this.#collecting.size === 0) return;
    const batch = [...this.#collecting.values()];
    this.#inFlight = this.#collecting;
    this.#collecting = new Map();
    this.#asking = true;
    void this.#ask(batch).finally(() => {
      this.#inFlight = new Map();
      this.#asking = false;
      const due = this.#due;
      this.#due = false;
      if (due) this.#flush();
      else this.poke();
    });
  }

  async #ask(batch: readonly Waiting[]): Promise<void> {
    const rank = this.options.rankOf ?? (() => 0);
    const byRank = (a: HostKeyCandidate, b: HostKeyCandidate): number => rank(a) - rank(b);
    // Hosts answer in any order; the screen lists the new keys, then the changed ones, each in a stable order (the project's).
    const keys = [...batch.map((waiting) => waiting.candidate).sort(byRank), ...this.options.takeExtraKeys().sort(byRank)];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.answerTimeoutMs);
    });
    try {
      const asked = Promise.resolve().then(() => this.options.ask({ kind: 'host-key-review', keys }));
      const answer = await Promise.race([asked, timeout]);
      this.options.settle(batch, answer === 'timeout' ? { kind: 'timeout' } : { kind: 'answer', acceptedKeys: answer.acceptedKeys });
    } catch (error) {
      // PromptBroker rejects a cancel (and its own timeout) as ApiError `cancelled`.
      this.options.settle(batch, { kind: 'cancelled', message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
