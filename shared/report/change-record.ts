// A file the apply step changed: the digests before and after and where the original bytes were kept.
// Shaped after shared/plan's PlannedChange; apply's own result schema should reuse it once it exists.
import { z } from 'zod';
import { IsoTimeSchema, NameSchema, RequirementIdSchema, Sha256HexSchema } from './evidence-values.js';

/** What finally happened to a planned change on the host. */
export const ChangeOutcomeSchema = z.enum(['applied', 'rolled-back', 'failed']);

/** One changed (or attempted) file on one instance. */
export const ChangeRecordSchema = z.strictObject({
  instance: NameSchema,
  path: z.string().min(1),
  kind: z.enum(['edit', 'copy', 'set-aside']),
  requirements: z.array(RequirementIdSchema).min(1),
  /** SHA-256 of the file before the change; null when it did not exist. */
  beforeSha256: Sha256HexSchema.nullable(),
  /** SHA-256 of the file after the change as read back from the host; null when it no longer exists there. */
  afterSha256: Sha256HexSchema.nullable(),
  /** Where the original bytes were kept on the host; null when there was nothing to back up. */
  backupPath: z.string().min(1).nullable(),
  outcome: ChangeOutcomeSchema,
  at: IsoTimeSchema,
  note: z.string().optional(),
});

/** One change record. */
export type ChangeRecord = z.output<typeof ChangeRecordSchema>;
