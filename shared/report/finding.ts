// One requirement x instance outcome of the final audit, as the report records it.
// The audit's FindingSchema (shared/requirements/finding.ts) carries more (groups, waiver objects); the report
// keeps what an auditor reads, with the same status and verifiedBy values, and the files' digests when given.
import { z } from 'zod';
import { EvidenceSchema as ObservationSourceSchema } from '../requirements/observation.js';
import { NameSchema, RequirementIdSchema } from './evidence-values.js';

/** The audit's verdict for one requirement on one instance (DESIGN.md section 3, step 3). */
export const FindingStatusSchema = z.enum(['match', 'drift', 'unknown', 'attested', 'waived']);

/** Who established a finding: the tool by reading the host, or the engineer by attestation or waiver. */
export const VerifiedBySchema = z.enum(['tool', 'engineer']);

/** One requirement on one instance: what was observed there, what the reference has, the status and who verified it. */
export const EvidenceFindingSchema = z.strictObject({
  requirement: RequirementIdSchema,
  instance: NameSchema,
  status: FindingStatusSchema,
  /** What the tool read on the instance (any JSON: a fingerprint, a list of feeds, an element's text). */
  observed: z.json(),
  /** The reference instance's value the observation was compared with, when there is one. */
  expected: z.json().optional(),
  verifiedBy: VerifiedBySchema,
  /** One line for people: why drift, what is unknown. */
  detail: z.string().optional(),
  /** The tool's own comparison before an attestation or waiver was applied. */
  compared: z.enum(['match', 'drift', 'unknown']).optional(),
  /** Files the observation was read from, with the SHA-256 of the exact bytes read. */
  sources: z.array(ObservationSourceSchema).optional(),
});

/** One finding. */
export type EvidenceFinding = z.output<typeof EvidenceFindingSchema>;
/** A finding's status. */
export type FindingStatus = z.output<typeof FindingStatusSchema>;
