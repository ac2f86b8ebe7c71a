// Batches the unknown host keys of one run into a single `host-key-review` prompt (DESIGN.md 3.2:
// all new fingerprints on one screen). Sessions call verify() from ssh2's callback-form
// hostVerifier; each new key waits until the batch is asked and answered. A batch is asked when
// every expected host has reported or `windowMs` after its first key, whichever comes first; the
// wait for the person is bounded by `answerTimeoutMs`. Decisions hold for the rest of the run, so a
// session whose handshake timed out while the person read the screen reconnects without a second prompt.
import type { PinnedHostKey } from '../../../shared/project/schema.js';
import type { PresentedKey } from './decision.js';
import { decideHostKey } from './decision.js';
import { describeKey } from './fingerprint.js';
import { hostKeyAlgorithmsFor } from './host-key-algorithms.js';
import type { HostKeyRefusal, RefusalReason } from './refusal.js';
import type { AskHostKeyReview, HostKeyCandidate } from './review-answer.js';
import { judgeAnswer } from './review-answer.js';
import type { BatchOutcome, Waiting } from './review-batcher.js';
import { ReviewBatcher } from './review-batcher.js';

/** A host the run will connect to; once all have reported, the batch is asked without waiting. */
export interface ExpectedHost {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
  /** The project's Balancer host rather than an instance; shown on its review row. */
  readonly role?: 'balancer';
}

/** How a review is set up for one run. */
export interface HostKeyReviewOptions {
  readonly pinned: readonly PinnedHostKey[];
  readonly ask: AskHostKeyReview;
  readonly expected?: readonly ExpectedHost[];
  /** Fingerprints refused everywhere (known_hosts `@revoked`). */
  readonly revoked?: Iterable<string>;
  /** Default 5 s: long enough for hosts connecting together, short beside ssh2's 20 s readyTimeout. */
  readonly windowMs?: number;
  readonly answerTimeoutMs?: number;
}

const endpointId = (host: string, port: number): string => `${host.toLowerCase()}|${port}`;
const keyId = (key: PresentedKey): string => `${endpointId(key.host, key.port)}|${key.fingerprint}`;
const presentedOf = ({ host, port, keyType: type, fingerprint }: HostKeyCandidate): PresentedKey => ({ host, port, type, fingerprint });

/** One run's host-key gate: pinned keys pass, changed and revoked keys fail, new keys go to one review. */
export class HostKeyReview {
  readonly #known: PinnedHostKey[];
  readonly #revoked: ReadonlySet<string>;
  readonly #decided = new Map<string, boolean>();
  readonly #accepted: PinnedHostKey[] = [];
  readonly #refusals: HostKeyRefusal[] = [];
  readonly #reported = new Set<string>();
  readonly #batcher: ReviewBatcher;
  #changedToShow: HostKeyCandidate[] = [];
  #closed = false;

  constructor(private readonly options: HostKeyReviewOptions) {
    this.#known = [...options.pinned];
    this.#revoked = new Set(options.revoked ?? []);
    this.#batcher = new ReviewBatcher({
      ask: options.ask,
      windowMs: options.windowMs ?? 5_000,
      answerTimeoutMs: options.answerTimeoutMs ?? 10 * 60_000,
      allReported: () => {
        const expected = options.expected ?? [];
        return expected.length > 0 && expected.every((host) => this.#reported.has(endpointId(host.host, host.port)));
      },
      takeExtraKeys: () => this.#changedToShow.splice(0),
      settle: (batch, outcome) => this.#settle(batch, outcome),
      rankOf: (candidate) => {
        const expected = options.expected ?? [];
        const index = expected.findIndex((host) => endpointId(host.host, host.port) === endpointId(candidate.host, candidate.port));
        return index < 0 ? expected.length : index;
      },
    });
  }

  /** Keys accepted in this run, to add to the project with pinKeys(). */
  get accepted(): readonly PinnedHostKey[] {
    return [...this.#accepted];
  }

  /** Keys refused in this run and why, for the pre-check report (describeRefusal words them). */
  get refusals(): readonly HostKeyRefusal[] {
    return [...this.#refusals];
  }

  /**
   * ssh2 `algorithms.serverHostKey` for one endpoint: the types pinned for it (or accepted earlier in
   * this run) first, so an honest host pinned with its RSA or ECDSA key presents that key, not ed25519.
   */
  hostKeyAlgorithms(host: string, port: number): string[] {
    return hostKeyAlgorithmsFor(this.#known, { host, port });
  }

  /** ssh2 `hostVerifier` in callback form for one endpoint (returns nothing, so ssh2 waits for the callback). */
  hostVerifier(host: string, port: number): (key: Buffer, callback: (accepted: boolean) => void) => void {
    return (key, callback) => {
      void this.verify(host, port, key).then(callback, () => callback(false));
    };
  }

  /** Resolves true only for a pinned key or a new key the person accepted; never rejects. */
  verify(host: string, port: number, rawKey: Uint8Array): Promise<boolean> {
    this.#reported.add(endpointId(host, port));
    const expected = this.options.expected?.find((e) => endpointId(e.host, e.port) === endpointId(host, port));
    const instance = expected?.instance ?? `${host}:${port}`;
    let presented: PresentedKey;
    try {
      presented = { host, port, ...describeKey(rawKey) };
    } catch (error) {
      this.#refusals.push({ instance, host, port, type: '?', fingerprint: '?', reason: 'malformed', message: (error as Error).message });
      return this.#answer(false);
    }
    const earlier = this.#decided.get(keyId(presented));
    if (earlier !== undefined) return this.#answer(earlier);
    const decision = decideHostKey(this.#known, presented, this.#revoked);
    const candidate: HostKeyCandidate = {
      instance,
      host,
      port,
      keyType: presented.type,
      fingerprint: presented.fingerprint,
      status: 'new',
      ...(expected?.role === undefined ? {} : { role: expected.role }),
    };
    switch (decision.status) {
      case 'pinned':
        return this.#answer(true);
      case 'revoked':
        this.#refuse(candidate, 'revoked');
        return this.#answer(false);
      case 'changed': {
        this.#refuse(candidate, 'changed', { pinned: decision.pinned });
        const pinned = decision.pinned.find((pin) => pin.type === presented.type) ?? decision.pinned[0];
        this.#changedToShow.push({ ...candidate, status: 'changed', ...(pinned ? { pinnedFingerprint: pinned.fingerprint } : {}) });
        return this.#answer(false);
      }
      case 'new':
        if (!this.#closed) return this.#batcher.add(keyId(presented), candidate);
        this.#refuse(candidate, 'closed');
        return Promise.resolve(false);
    }
  }

  /** Ends the run: keys not yet asked about are refused and no further prompt is asked (a prompt already shown still settles its keys). */
  close(): void {
    this.#closed = true;
    for (const waiting of this.#batcher.drain()) this.#settleOne(waiting, 'closed');
  }

  #answer(accepted: boolean): Promise<boolean> {
    // A pinned or refused host also counts as reported and may complete the expected set.
    this.#batcher.poke();
    return Promise.resolve(accepted);
  }

  #settle(batch: readonly Waiting[], outcome: BatchOutcome): void {
    if (outcome.kind !== 'answer') {
      for (const waiting of batch) this.#settleOne(waiting, outcome.kind, outcome.kind === 'cancelled' ? outcome.message : undefined);
      return;
    }
    const verdicts = judgeAnswer(
      batch.map((waiting) => waiting.candidate),
      outcome.acceptedKeys,
    );
    batch.forEach((waiting, index) => {
      const verdict = verdicts[index] ?? 'refused';
      if (verdict !== 'accepted') return this.#settleOne(waiting, verdict);
      const { host, port, type, fingerprint } = presentedOf(waiting.candidate);
      const pin = { host, port, type, fingerprint };
      this.#known.push(pin);
      this.#accepted.push(pin);
      this.#decided.set(keyId(pin), true);
      for (const resolve of waiting.resolvers) resolve(true);
    });
  }

  #settleOne(waiting: Waiting, reason: RefusalReason, message?: string): void {
    this.#refuse(waiting.candidate, reason, message === undefined ? {} : { message });
    for (const resolve of waiting.resolvers) resolve(false);
  }

  #refuse(candidate: HostKeyCandidate, reason: RefusalReason, extra: Pick<HostKeyRefusal, 'pinned' | 'message'> = {}): void {
    const presented = presentedOf(candidate);
    this.#decided.set(keyId(presented), false);
    this.#refusals.push({ instance: candidate.instance, ...presented, reason, ...extra });
  }
}
