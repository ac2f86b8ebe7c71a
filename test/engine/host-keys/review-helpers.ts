// A prompt stand-in the review tests answer by hand, and three hosts with their keys.
import type { ExpectedHost } from '../../../engine/ssh/host-keys/host-key-review.js';
import type { AskHostKeyReview, HostKeyReviewAnswer, HostKeyReviewQuestion } from '../../../engine/ssh/host-keys/review-answer.js';
import type { HostKeyTuple } from '../../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import type { TestKey } from './keys.js';
import { makeKey } from './keys.js';

/** One question asked, with the handles to answer it. */
export interface Asked {
  readonly question: HostKeyReviewQuestion;
  /** Ticks every shown row whose fingerprint is listed, as a person ticking those rows would. */
  readonly answer: (fingerprints: readonly string[]) => void;
  /** Answers with exactly these tuples (which need not be rows of the screen). */
  readonly answerKeys: (tuples: readonly HostKeyTuple[]) => void;
  readonly reject: (error: Error) => void;
}

/** An `ask` that records each question and waits for the test to answer it. */
export function controlledAsk(): { readonly ask: AskHostKeyReview; readonly asked: Asked[] } {
  const asked: Asked[] = [];
  const ask: AskHostKeyReview = (question) =>
    new Promise<HostKeyReviewAnswer>((resolve, reject) => {
      asked.push({
        question,
        answer: (fps) =>
          resolve({
            kind: 'host-key-review',
            acceptedKeys: question.keys.filter((key) => fps.includes(key.fingerprint)).map(hostKeyTupleOf),
          }),
        answerKeys: (tuples) => resolve({ kind: 'host-key-review', acceptedKeys: [...tuples] }),
        reject,
      });
    });
  return { ask, asked };
}

/** A cluster host and the key it presents. */
export interface TestHostKey extends ExpectedHost {
  readonly key: TestKey;
}

/** Three instances, one on a non-standard port. */
export function threeHosts(): readonly [TestHostKey, TestHostKey, TestHostKey] {
  return [
    { instance: 'ct1', host: '10.0.0.1', port: 22, key: makeKey() },
    { instance: 'ct2', host: '10.0.0.2', port: 2222, key: makeKey() },
    { instance: 'ct3', host: 'ct3.example', port: 22, key: makeKey() },
  ];
}
