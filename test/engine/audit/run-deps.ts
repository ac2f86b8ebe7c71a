// Test answers for a cluster run: passwords from a fixed secret, host keys accepted (or refused), prompts counted.
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import type { HostKeyReviewQuestion } from '../../../engine/ssh/host-keys/review-answer.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';

/** Deps that answer every password prompt with `password` and every host-key review with `acceptKeys`. */
export function runDeps(
  password: string,
  acceptKeys = true,
): { deps: ClusterRunDeps; reviews: HostKeyReviewQuestion[]; passwordPrompts: () => number } {
  const reviews: HostKeyReviewQuestion[] = [];
  let prompts = 0;
  const deps: ClusterRunDeps = {
    ask: (question) => {
      if (question.kind === 'password') {
        prompts += 1;
        return Promise.resolve({ kind: 'password', secret: password }) as never;
      }
      return Promise.reject(new Error(`unexpected ${question.kind} prompt`));
    },
    askHostKeys: (question) => {
      reviews.push(question);
      return Promise.resolve({
        kind: 'host-key-review',
        acceptedKeys: acceptKeys ? question.keys.filter((key) => key.status === 'new').map(hostKeyTupleOf) : [],
      });
    },
  };
  return { deps, reviews, passwordPrompts: () => prompts };
}
