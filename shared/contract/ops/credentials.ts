// `credentials.forget`: empties the engine's memory of SSH login passwords (the wizard's "Forget credentials").
import { z } from 'zod';

/** `credentials.forget`, shaped like the entries of shared/contract/operations.ts. */
export const credentialOperations = {
  /**
   * Forgets every SSH login password the engine remembers (memory only, for the engine's life); the next
   * login to each host asks again. `forgotten` counts the entries dropped (per user@host, plus per user-wide answer).
   */
  'credentials.forget': {
    input: z.strictObject({}),
    output: z.object({ forgotten: z.number().int().nonnegative() }),
  },
} as const satisfies Record<'credentials.forget', { input: z.ZodType; output: z.ZodType }>;
