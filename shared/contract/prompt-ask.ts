// The shape of "ask a person", so that engine layers below engine/api can take it without importing the PromptBroker.
import type { Prompt, PromptAnswer } from './events.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A question of the given kind, as the engine raises it (the broker adds the promptId). */
export type PromptQuestion<K extends Prompt['kind']> = DistributiveOmit<Extract<Prompt, { kind: K }>, 'promptId'>;

/** Asks a person one question and resolves with the answer of the same kind; rejects when it is cancelled (PromptBroker.ask). */
export type AskPerson = <K extends Prompt['kind']>(question: PromptQuestion<K>) => Promise<Extract<PromptAnswer, { kind: K }>>;
