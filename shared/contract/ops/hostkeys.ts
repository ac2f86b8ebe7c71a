// Pinning host keys obtained out of band: `hostkeys.import` (an OpenSSH known_hosts file) and `hostkeys.pin` (a pasted fingerprint).
import { z } from 'zod';
import { PinnedHostKeySchema } from '../../project/schema.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

const pinnedResult = z.object({
  /** The project file written (absolute). */
  path: z.string(),
  /** Keys added to the project's hostKeys. */
  pinned: z.array(PinnedHostKeySchema),
  /** Keys found that the project already pinned. */
  alreadyPinned: z.number().int().nonnegative(),
  projectSaved: z.boolean(),
});

/** `hostkeys.import` and `hostkeys.pin`, shaped like the entries of shared/contract/operations.ts. */
export const hostKeyOperations = {
  /**
   * Pins the instances' keys found in an OpenSSH known_hosts file (plain, [host]:port and hashed
   * entries; revoked keys skipped); `notes` lists the lines that were skipped or odd, by line number.
   */
  'hostkeys.import': {
    input: z.object({ path: filePath, knownHosts: filePath }),
    output: pinnedResult.extend({ notes: z.array(z.object({ line: z.number().int(), message: z.string() })) }),
  },
  /**
   * Pins one fingerprint obtained out of band (an `ssh-keygen -lf` line pasted as is) for an instance;
   * `type` is needed when the pasted text does not name the key type. Nothing is written when it is refused.
   */
  'hostkeys.pin': {
    input: z.object({ path: filePath, instance: z.string().min(1), fingerprint: z.string(), type: z.string().min(1).optional() }),
    output: pinnedResult,
  },
} as const satisfies Record<'hostkeys.import' | 'hostkeys.pin', { input: z.ZodType; output: z.ZodType }>;
