import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/contract/errors.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import type { PromptQuestion } from '../../shared/contract/prompt-ask.js';
import { CredentialMemory } from '../ssh/credentials/credential-memory.js';
import type { EventHub } from './event-hub.js';

type PromptKind = Prompt['kind'];
type AnswerFor<K extends PromptKind> = Extract<PromptAnswer, { kind: K }>;
type LoginQuestion = PromptQuestion<'password'>;

interface Pending {
  readonly kind: PromptKind;
  readonly runId: string | undefined;
  // A re-ask after a refusal: cancelling it declines that host's retry only (its refusal stands), not the whole run.
  readonly retry: boolean;
  readonly resolve: (answer: PromptAnswer) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

// Runs whose person pressed Cancel, so that their later questions are refused without asking; bounded (runs are few).
const CANCELLED_RUNS_KEPT = 200;

/**
 * Lets engine code ask a person a question without knowing which front end is attached:
 * the question goes out as a `prompt` event and the answer comes back through `prompt.answer`.
 * SSH login passwords are asked once per user@host for the broker's life (one engine): they are
 * answered from `credentials` when known, and asked one at a time per user, so that an answer meant
 * for every host of the user answers the hosts still waiting. One Cancel cancels every prompt of its run
 * (except a Cancel of a re-ask after a refusal, which declines that host's retry only).
 */
export class PromptBroker {
  readonly #pending = new Map<string, Pending>();
  // The tail of each user's queue of login-password questions.
  readonly #loginQueues = new Map<string, Promise<unknown>>();
  readonly #cancelledRuns = new Set<string>();
  /** The login passwords answered so far (memory only); `credentials.forget` empties it. */
  readonly credentials = new CredentialMemory();
  // Logins wait until the desktop vault's passwords (if any) are in `credentials` (waitForCredentials).
  #credentialsReady: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: EventHub,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  /** Asks and waits; rejects with `cancelled` when the person cancels (this prompt or another of its run) or nobody answers in time. */
  ask<K extends PromptKind>(question: PromptQuestion<K>): Promise<AnswerFor<K>> {
    const asked = question as PromptQuestion<PromptKind>;
    if (asked.kind === 'password' && asked.purpose === 'ssh') return this.#askLogin(asked) as Promise<AnswerFor<K>>;
    return this.#askPerson(question);
  }

  /** Delivers an answer; false when the prompt is unknown, already closed, or the answer is of the wrong kind. */
  answer(promptId: string, answer: PromptAnswer): boolean {
    const pending = this.#pending.get(promptId);
    if (!pending || (answer.kind !== 'cancel' && answer.kind !== pending.kind)) return false;
    this.#close(promptId, pending, answer);
    if (answer.kind === 'cancel' && pending.runId !== undefined && !pending.retry) this.#cancelRun(pending.runId);
    return true;
  }

  /** Number of prompts still waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  // One login-password question: a refusal forgets what was tried; a remembered password answers without asking.
  #askLogin(question: LoginQuestion): Promise<AnswerFor<'password'>> {
    const { user, host } = question;
    if (question.retryReason !== undefined) this.credentials.refused(user, host);
    const turn = (this.#loginQueues.get(user) ?? Promise.resolve()).then(async () => {
      await this.#credentialsReady;
      this.#refuseIfCancelled(question.runId, 'password');
      const known = question.retryReason === undefined ? this.credentials.recall(user, host) : undefined;
      if (known !== undefined) return { kind: 'password' as const, secret: known };
      const answer = await this.#askPerson(question);
      this.credentials.remember(user, host, answer.secret, answer.scope ?? 'host');
      return answer;
    });
    const tail = turn.catch(() => undefined);
    this.#loginQueues.set(user, tail);
    // The queue entry goes once it is the last one, so the map holds only users with questions in flight.
    void tail.then(() => {
      if (this.#loginQueues.get(user) === tail) this.#loginQueues.delete(user);
    });
    return turn;
  }

  #askPerson<K extends PromptKind>(question: PromptQuestion<K>): Promise<AnswerFor<K>> {
    const promptId = randomUUID();
    const kind = question.kind as K;
    const runId = 'runId' in question ? question.runId : undefined;
    return new Promise<AnswerFor<K>>((resolve, reject) => {
      if (runId !== undefined && this.#cancelledRuns.has(runId)) {
        reject(cancelledRunError(kind));
        return;
      }
      const timer = setTimeout(() => {
        this.#pending.delete(promptId);
        this.events.emit({ name: 'prompt.closed', payload: { promptId, reason: 'timeout' } });
        reject(new ApiError({ code: 'cancelled', message: `nobody answered the ${kind} prompt in time` }));
      }, this.timeoutMs);
      this.#pending.set(promptId, {
        kind,
        runId,
        retry: question.kind === 'password' && 'retryReason' in question && question.retryReason !== undefined,
        timer,
        resolve: (answer) => {
          if (answer.kind === 'cancel') reject(new ApiError({ code: 'cancelled', message: `the ${kind} prompt was cancelled` }));
          else resolve(answer as AnswerFor<K>);
        },
      });
      this.events.emit({ name: 'prompt', payload: { ...question, promptId } as Prompt });
    });
  }

  #close(promptId: string, pending: Pending, answer: PromptAnswer): void {
    this.#pending.delete(promptId);
    clearTimeout(pending.timer);
    this.events.emit({ name: 'prompt.closed', payload: { promptId, reason: answer.kind === 'cancel' ? 'cancelled' : 'answered' } });
    pending.resolve(answer);
  }

  /** Makes every login question wait for `ready` (the desktop vault being read) before it recalls or asks; a failure is ignored. */
  waitForCredentials(ready: Promise<void>): void {
    this.#credentialsReady = ready.catch(() => undefined);
  }

  /** Cancels every open prompt of the run and refuses its later ones (the run was cancelled: `run.cancel`). */
  cancelRun(runId: string): void {
    this.#cancelRun(runId);
  }

  // The person cancelled one prompt of the run: every other open prompt of it closes, and it asks nothing more.
  #cancelRun(runId: string): void {
    this.#cancelledRuns.add(runId);
    if (this.#cancelledRuns.size > CANCELLED_RUNS_KEPT) this.#cancelledRuns.delete(this.#cancelledRuns.values().next().value as string);
    for (const [promptId, pending] of [...this.#pending]) if (pending.runId === runId) this.#close(promptId, pending, { kind: 'cancel' });
  }

  #refuseIfCancelled(runId: string | undefined, kind: PromptKind): void {
    if (runId !== undefined && this.#cancelledRuns.has(runId)) throw cancelledRunError(kind);
  }
}

function cancelledRunError(kind: PromptKind): ApiError {
  return new ApiError({ code: 'cancelled', message: `the ${kind} prompt was not shown: a prompt of the same run was cancelled` });
}
