// What a `host-key-review` answer means for each key shown, pure so that the rules a person's
// click is held to can be read and tested without timers or connections.
import type { HostKeyTuple, Prompt, PromptAnswer } from '../../../shared/contract/events.js';
import { sameEndpoint } from './decision.js';

/** One key as the `host-key-review` prompt shows it. */
export type HostKeyCandidate = Extract<Prompt, { kind: 'host-key-review' }>['keys'][number];

/** The question a review asks, without the id the broker adds. */
export type HostKeyReviewQuestion = Omit<Extract<Prompt, { kind: 'host-key-review' }>, 'promptId'>;

/** The answer a review waits for (a cancel arrives as a rejection, as PromptBroker.ask does it). */
export type HostKeyReviewAnswer = Extract<PromptAnswer, { kind: 'host-key-review' }>;

/** Asks a person to review keys; PromptBroker's `ask` fits this type. */
export type AskHostKeyReview = (question: HostKeyReviewQuestion) => Promise<HostKeyReviewAnswer>;

/** The outcome for one shown key. */
export type CandidateVerdict = 'accepted' | 'refused' | 'conflicting' | 'changed';

/** True when an answer's tuple names exactly this shown key: same instance, host (as written), port, type and fingerprint. */
export function tupleNames(tuple: HostKeyTuple, candidate: HostKeyCandidate): boolean {
  return (
    tuple.instance === candidate.instance &&
    tuple.host === candidate.host &&
    tuple.port === candidate.port &&
    tuple.keyType === candidate.keyType &&
    tuple.fingerprint === candidate.fingerprint
  );
}

/**
 * Verdicts in candidate order: a `new` key is accepted only when its exact tuple is in the answer
 * (a fingerprint ticked for one host says nothing about a cloned host presenting the same key);
 * a `changed` key never is; two accepted keys for one endpoint are both `conflicting`, because
 * a host that showed two different keys in one run cannot be told apart from an interception.
 */
export function judgeAnswer(candidates: readonly HostKeyCandidate[], acceptedKeys: readonly HostKeyTuple[]): CandidateVerdict[] {
  const wanted = candidates.map((candidate) => candidate.status === 'new' && acceptedKeys.some((tuple) => tupleNames(tuple, candidate)));
  return candidates.map((candidate, index) => {
    if (candidate.status === 'changed') return 'changed';
    if (!wanted[index]) return 'refused';
    const rival = candidates.some((other, j) => j !== index && wanted[j] && sameEndpoint(other, candidate));
    return rival ? 'conflicting' : 'accepted';
  });
}
