import { z } from 'zod';
import { AttestationSchema, WaiverSchema } from '../project/schema.js';
import { REQUIREMENT_IDS } from './ids.js';
import { EvidenceSchema } from './observation.js';
import { JsonSchema } from './values/json-schema.js';

/** The outcome of one requirement on one instance, in the order a report lists them. */
export const FINDING_STATUSES = ['match', 'drift', 'unknown', 'attested', 'waived'] as const;

/** One finding's status: what the tool found, or what the engineer decided about it (attested, waived). */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One requirement on one instance: what was observed, against what, and who vouches for the verdict. */
export const FindingSchema = z.strictObject({
  requirement: z.enum(REQUIREMENT_IDS),
  instance: z.string(),
  /** The project's reference instance. */
  isReference: z.boolean(),
  status: z.enum(FINDING_STATUSES),
  /** The tool's own verdict, before a waiver or an attestation was applied. */
  compared: z.enum(['match', 'drift', 'unknown']),
  /** The instance's observed value; null when it could not be read. */
  observed: JsonSchema.nullable(),
  /** The reference's observed value; null when it could not be read. */
  reference: JsonSchema.nullable(),
  /** One line for people. */
  detail: z.string(),
  /** Files the observation was read from, with the SHA-256 of the exact bytes. */
  evidence: z.array(EvidenceSchema),
  /** How the observed value was obtained, when that needs saying (for example a fallback digest). */
  note: z.string().optional(),
  waiver: WaiverSchema.optional(),
  attestation: AttestationSchema.optional(),
  verifiedBy: z.enum(['tool', 'engineer']),
});

/** One finding. */
export type Finding = z.output<typeof FindingSchema>;

/** Instances whose observed values of one requirement are identical (unknown observations form their own group). */
export const FindingGroupSchema = z.strictObject({
  /** Canonical JSON of the compared part of the value; 'unknown' for the instances that could not be read. */
  key: z.string(),
  value: JsonSchema.nullable(),
  instances: z.array(z.string()),
  includesReference: z.boolean(),
});

/** One group of instances. */
export type FindingGroup = z.output<typeof FindingGroupSchema>;

/** The audit's verdict for a cluster: every finding, the groups per requirement, and where the reference itself is off. */
export const ClusterFindingsSchema = z.strictObject({
  referenceInstance: z.string(),
  /** The time waivers were judged against (ISO 8601). */
  evaluatedAt: z.string(),
  /** Per requirement (REQUIREMENT_IDS order), per instance (project order). */
  findings: z.array(FindingSchema),
  requirements: z.array(
    z.strictObject({
      requirement: z.enum(REQUIREMENT_IDS),
      groups: z.array(FindingGroupSchema),
      /** Set when the reference differs from the documented value: it must be fixed too. */
      referenceOffTarget: z.string().optional(),
    }),
  ),
});

/** A cluster's findings. */
export type ClusterFindings = z.output<typeof ClusterFindingsSchema>;
