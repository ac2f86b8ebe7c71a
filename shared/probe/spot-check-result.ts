import { z } from 'zod';

/** REST API versions a spot-check may use (REFERENCE.md 5: 1.0 everywhere, 1.1 from 4.1, 1.2 from 4.3, 1.3 in 5.x). */
export const REST_API_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

/**
 * Why one instance's lookup failed: connection (`refused`, `timeout`, `connection-error`), TLS
 * (`tls`: no handshake), the engineer did not accept a new certificate (`certificate-not-accepted`),
 * HTTP 401 (`unauthorized`), 403 (`forbidden`), any other status (`http-status`), or an answer
 * that is not the documented lookup array (`invalid-response`).
 */
export const SPOT_CHECK_FAILURE_KINDS = [
  'refused',
  'timeout',
  'connection-error',
  'tls',
  'certificate-not-accepted',
  'unauthorized',
  'forbidden',
  'http-status',
  'invalid-response',
] as const;

/** One kind of spot-check failure. */
export type SpotCheckFailureKind = (typeof SPOT_CHECK_FAILURE_KINDS)[number];

/** An instance's TLS certificate as the spot-check saw it; `status` says why it was trusted. */
export const CertificateSeenSchema = z.object({
  instance: z.string(),
  host: z.string(),
  port: z.number().int(),
  /** SHA-256 of the leaf certificate, `AB:CD:...`. */
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** pinned: matched its pin; accepted: new, accepted now; not-accepted: new, declined; changed: differs from its pin. */
  status: z.enum(['pinned', 'accepted', 'not-accepted', 'changed']),
});

/** What one instance answered for one indicator: the result word and the sorted, distinct categories. */
export const IndicatorAnswerSchema = z.object({
  indicator: z.string(),
  result: z.string(),
  categories: z.array(z.string()),
});

/** One instance's part of a spot-check. */
export const InstanceLookupSchema = z.object({
  instance: z.string(),
  host: z.string(),
  port: z.number().int(),
  ok: z.boolean(),
  failure: z.object({ kind: z.enum(SPOT_CHECK_FAILURE_KINDS), message: z.string(), status: z.number().int().optional() }).optional(),
  answers: z.array(IndicatorAnswerSchema),
  durationMs: z.number(),
});

/** Instances that answered one indicator the same way. */
export const AnswerGroupSchema = z.object({
  result: z.string(),
  categories: z.array(z.string()),
  instances: z.array(z.string()),
});

/** How the answering instances agree on one indicator. */
export const IndicatorComparisonSchema = z.object({
  indicator: z.string(),
  /** True when every instance that answered is in one group. */
  consistent: z.boolean(),
  groups: z.array(AnswerGroupSchema),
  /** Instances whose answer left this indicator out. */
  missing: z.array(z.string()),
});

/** A changed certificate: the run stopped before any credential was sent anywhere. */
export const CertificateChangedSchema = z.object({
  kind: z.literal('certificate-changed'),
  instance: z.string(),
  host: z.string(),
  port: z.number().int(),
  pinned: z.string(),
  presented: z.string(),
  message: z.string(),
});

/**
 * A REST lookup spot-check across a cluster (requirement 3). `stopped`: a certificate changed (hard
 * stop); `incomplete`: an instance could not be checked; otherwise `consistent` or `inconsistent`.
 */
export const SpotCheckResultSchema = z.object({
  cluster: z.string(),
  apiVersion: z.enum(REST_API_VERSIONS),
  user: z.string(),
  outcome: z.enum(['consistent', 'inconsistent', 'incomplete', 'stopped']),
  stop: CertificateChangedSchema.optional(),
  certificates: z.array(CertificateSeenSchema),
  instances: z.array(InstanceLookupSchema),
  indicators: z.array(IndicatorComparisonSchema),
  startedAt: z.string(),
  durationMs: z.number(),
});

/** An instance certificate as seen. */
export type CertificateSeen = z.output<typeof CertificateSeenSchema>;
/** One instance's answer for one indicator. */
export type IndicatorAnswer = z.output<typeof IndicatorAnswerSchema>;
/** One instance's lookup outcome. */
export type InstanceLookup = z.output<typeof InstanceLookupSchema>;
/** Instances that agree on an indicator. */
export type AnswerGroup = z.output<typeof AnswerGroupSchema>;
/** The comparison of one indicator. */
export type IndicatorComparison = z.output<typeof IndicatorComparisonSchema>;
/** The hard stop of a changed certificate. */
export type CertificateChanged = z.output<typeof CertificateChangedSchema>;
/** A whole spot-check. */
export type SpotCheckResult = z.output<typeof SpotCheckResultSchema>;
/** A REST API version. */
export type RestApiVersion = (typeof REST_API_VERSIONS)[number];
