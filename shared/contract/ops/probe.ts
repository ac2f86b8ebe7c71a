import { z } from 'zod';
import { normaliseCertFingerprint } from '../../probe/fingerprint.js';
import { DEFAULT_PROBE_DEADLINE_MS, DEFAULT_PROBE_PORT } from '../../probe/probe-port.js';
import { MAX_INDICATOR_LENGTH, MAX_SPOT_CHECK_INDICATORS } from '../../probe/indicator-list.js';
import { ClusterProbeResultSchema } from '../../probe/probe-result.js';
import { ReqRuleValueSchema } from '../../requirements/values/req-rule.js';
import { REST_API_VERSIONS, SpotCheckResultSchema } from '../../probe/spot-check-result.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });
const port = z.number().int().min(1, { error: 'expected 1-65535' }).max(65535, { error: 'expected 1-65535' });
const indicator = z
  .string()
  .trim()
  .min(1, { error: 'expected a non-empty indicator' })
  .max(MAX_INDICATOR_LENGTH, { error: `expected at most ${MAX_INDICATOR_LENGTH} characters` })
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'expected no control characters' });

/**
 * Where an instance's input port is; the caller takes it from discovery (InputSettings/ConnectionString).
 * `reqRules`: where the audit saw its REQ rules (requirement 6), so that a rule bound to another address
 * is reported as not testable from this machine instead of as a wrong %REQ% rule.
 */
export const ProbeEndpointSchema = z.object({
  instance: z.string().min(1),
  host: z.string().min(1),
  port,
  reqRules: ReqRuleValueSchema.optional(),
});

/** A certificate fingerprint pinned for an instance (SHA-256 of the leaf; colons and case as pasted, normalised by the engine). */
export const CertPinSchema = z.object({
  instance: z.string().min(1),
  fingerprint: z.string().refine((text) => normaliseCertFingerprint(text) !== undefined, {
    error: 'expected a SHA-256 fingerprint: 32 hex pairs, e.g. AB:CD:...',
  }),
});

/** The probe and spot-check operations, shaped like the entries of shared/contract/operations.ts. */
export const probeOperations = {
  /**
   * Probes every instance of the project in parallel on its input port: PING/PONG, then a ReplyBack
   * session with a test event that must be answered with `<id>`-prefixed lines and `<id> LookupFinished`.
   * Endpoints default to each instance's host and `port`; discovery may supply them instead.
   */
  'probe.run': {
    input: z.object({
      path: filePath,
      indicator: indicator.optional(),
      port: port.default(DEFAULT_PROBE_PORT),
      deadlineMs: z.number().int().min(100).max(60_000).default(DEFAULT_PROBE_DEADLINE_MS),
      endpoints: z.array(ProbeEndpointSchema).max(256).optional(),
    }),
    output: ClusterProbeResultSchema,
  },
  /**
   * Looks the engineer's indicators up through the REST API of every instance and compares the
   * answers (requirement 3). New certificates go through a certificate-review prompt, the password
   * through a password prompt; a certificate that differs from its pin stops the run.
   */
  'indicators.spotCheck': {
    input: z.object({
      path: filePath,
      indicators: z.array(indicator).min(1, { error: 'expected at least one indicator' }).max(MAX_SPOT_CHECK_INDICATORS),
      user: z.string().trim().min(1).default('admin'),
      port: port.default(443),
      apiVersion: z.enum(REST_API_VERSIONS).default('1.2'),
      pins: z.array(CertPinSchema).default([]),
      timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
    }),
    output: SpotCheckResultSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Input of `probe.run` after validation. */
export type ProbeRunInput = z.output<(typeof probeOperations)['probe.run']['input']>;
/** Input of `indicators.spotCheck` after validation. */
export type SpotCheckInput = z.output<(typeof probeOperations)['indicators.spotCheck']['input']>;
