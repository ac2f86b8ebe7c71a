// `credentials.forget`: empties the engine's memory of SSH login passwords (the wizard's "Forget credentials");
// `credentials.remember`: whether the desktop app keeps them, encrypted with the OS keychain, between sessions.
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
  /**
   * Reads (no `enabled`) or sets whether SSH login passwords are also kept on this computer between sessions,
   * encrypted with the OS keychain (the desktop app only; off by default; never on Linux's `basic_text`
   * backend). `available` is false, with the reason, in browser mode, in the CLI and where the keychain cannot
   * be used; turning it off deletes the stored file, "Forget credentials" empties it.
   */
  'credentials.remember': {
    input: z.strictObject({ enabled: z.boolean().optional() }),
    output: z.object({ available: z.boolean(), enabled: z.boolean(), reason: z.string().optional() }),
  },
} as const satisfies Record<'credentials.forget' | 'credentials.remember', { input: z.ZodType; output: z.ZodType }>;
