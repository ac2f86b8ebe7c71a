import { randomUUID } from 'node:crypto';
import { ApiError } from '../../shared/contract/errors.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import type { PromptQuestion } from '../../shared/contract/prompt-ask.js';
import type { EventHub } from './event-hub.js';

type PromptKind = Prompt['kind'];
type AnswerFor<K extends PromptKind> = Extract<PromptAnswer, { kind: K }>;

interface Pending {
  readonly kind: PromptKind;
  readonly resolve: (answer: PromptAnswer) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Lets engine code ask a person a question without knowing which front end is attached:
 * the question goes out as a `prompt` event and the answer comes back through `prompt.answer`.
 */
export class PromptBroker {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly events: EventHub,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  /** Asks and waits; rejects with `cancelled` when the person cancels or nobody answers in time. */
  ask<K extends PromptKind>(question: PromptQuestion<K>): Promise<AnswerFor<K>> {
    const promptId = randomUUID();
    const kind = question.kind as K;
    return new Promise<AnswerFor<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(promptId);
        this.events.emit({ name: 'prompt.closed', payload: { promptId, reason: 'timeout' } });
        reject(new ApiError({ code: 'cancelled', message: `nobody answered the ${kind} prompt in time` }));
      }, this.timeoutMs);
      this.#pending.set(promptId, {
        kind,
        timer,
        resolve: (answer) => {
          if (answer.kind === 'cancel') reject(new ApiError({ code: 'cancelled', message: `the ${kind} prompt was cancelled` }));
          else resolve(answer as AnswerFor<K>);
        },
      });
      this.events.emit({ name: 'prompt', payload: { ...question, promptId } as Prompt });
    });
  }

  /** Delivers an answer; false when the prompt is unknown, already closed, or the answer is of the wrong kind. */
  answer(promptId: string, answer: PromptAnswer): boolean {
    const pending = this.#pending.get(promptId);
    if (!pending || (answer.kind !== 'cancel' && answer.kind !== pending.kind)) return false;
    this.#pending.delete(promptId);
    clearTimeout(pending.timer);
    this.events.emit({ name: 'prompt.closed', payload: { promptId, reason: answer.kind === 'cancel' ? 'cancelled' : 'answered' } });
    pending.resolve(answer);
    return true;
  }

  /** Number of prompts still waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }
}
