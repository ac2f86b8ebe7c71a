// The engineer's statements in the project file (issue 13 item 1): attest what the tool cannot read, waive an accepted difference, remove either.
import { z } from 'zod';
import { AttestationSchema, ProjectSchema, WaiverSchema } from '../../project/schema.js';
import { REQUIREMENT_IDS } from '../../requirements/ids.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** The two kinds of statement a project holds about one requirement on one instance. */
export const StatementKindSchema = z.enum(['attestation', 'waiver'], { error: 'expected "attestation" or "waiver"' });

/** `attestation` or `waiver`. */
export type StatementKind = z.output<typeof StatementKindSchema>;

// What every statement operation returns: the project as written and the digest of the bytes on disk.
const written = z.object({ path: z.string(), project: ProjectSchema, sha256: z.string() });

/** `project.attest`, `project.waive` and `project.removeStatement`, shaped like the entries of shared/contract/operations.ts. */
export const statementOperations = {
  /**
   * Saves an attestation into the project file, replacing the one of the same requirement and instance if
   * any; an instance the project does not have is refused and nothing is written.
   */
  'project.attest': {
    input: z.object({ path: filePath, attestation: AttestationSchema }),
    output: written,
  },
  /**
   * Saves a waiver into the project file, replacing the one of the same requirement and instance if any;
   * an unknown instance, or an expiry not after the waiver's date, is refused and nothing is written.
   */
  'project.waive': {
    input: z.object({ path: filePath, waiver: WaiverSchema }),
    output: written,
  },
  /** Removes the attestation or waiver of one requirement on one instance; refused (nothing written) when there is none. */
  'project.removeStatement': {
    input: z.object({
      path: filePath,
      kind: StatementKindSchema,
      requirement: z.enum(REQUIREMENT_IDS, { error: `expected one of ${REQUIREMENT_IDS.join(', ')}` }),
      instance: z.string().trim().min(1, { error: 'expected an instance name' }),
    }),
    output: written,
  },
} as const satisfies Record<'project.attest' | 'project.waive' | 'project.removeStatement', { input: z.ZodType; output: z.ZodType }>;
