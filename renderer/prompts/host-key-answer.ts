// What the host-key dialog sends: the exact tuples of the rows the person ticked, pure so it can be tested without a DOM.
import type { HostKeyTuple, Prompt } from '../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../shared/contract/events.js';
import type { DeepReadonly } from '../store/readonly.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;

/** The checkbox key of a review row: its index, because two rows (cloned hosts) may show one fingerprint. */
export function hostKeyRowKey(index: number): string {
  return String(index);
}

/** Tuples of the ticked `new` rows, in row order; a changed row is never sent, whatever is ticked. */
export function acceptedHostKeys(keys: DeepReadonly<Review['keys']>, ticked: ReadonlySet<string>): HostKeyTuple[] {
  return keys.filter((key, index) => key.status === 'new' && ticked.has(hostKeyRowKey(index))).map((key) => hostKeyTupleOf(key));
}
