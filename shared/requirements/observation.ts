import { z } from 'zod';
import type { JsonValue } from './json.js';

/** A file an observation was read from: its host path and the SHA-256 (hex) of the exact bytes read. */
export const EvidenceSchema = z.strictObject({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** One evidence entry. */
export type Evidence = z.output<typeof EvidenceSchema>;

/**
 * What an instance showed for one requirement: a canonical JSON value (see shared/requirements/values/)
 * with the files it came from, or the reason the fact could not be read. Never a guess.
 */
export const ObservationSchema = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('known'),
    value: z.json(),
    evidence: z.array(EvidenceSchema),
    /** Something a reader must know about how the value was obtained (for example a fallback digest). */
    note: z.string().optional(),
  }),
  z.strictObject({ state: z.literal('unknown'), reason: z.string() }),
]);

/** One requirement's observation on one instance. */
export type Observation =
  | { readonly state: 'known'; readonly value: JsonValue; readonly evidence: readonly Evidence[]; readonly note?: string }
  | { readonly state: 'unknown'; readonly reason: string };

/** A known observation. */
export function known(value: JsonValue, evidence: readonly Evidence[], note?: string): Observation {
  return note === undefined ? { state: 'known', value, evidence } : { state: 'known', value, evidence, note };
}

/** An unknown observation with its reason. */
export function unknown(reason: string): Observation {
  return { state: 'unknown', reason };
}
