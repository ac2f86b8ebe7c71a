// Stopping a running step from the wizard (issue 13 item 8): between hosts' operations, never inside a write.
import { z } from 'zod';

/** `run.cancel`, shaped like the entries of shared/contract/operations.ts. */
export const runControlOperations = {
  /**
   * Asks the cluster run named by `runId` (its progress events carry it) to stop at the next point where
   * no write is under way; `accepted` is false when no such run is going on.
   */
  'run.cancel': {
    input: z.strictObject({ runId: z.string().trim().min(1, { error: 'expected a run id' }) }),
    output: z.object({ accepted: z.boolean() }),
  },
} as const satisfies Record<'run.cancel', { input: z.ZodType; output: z.ZodType }>;
