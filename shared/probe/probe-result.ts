import { z } from 'zod';

/**
 * Why a live probe failed, each with its own fix: nothing listens (`refused`); no PONG in time
 * (`timeout`); something answered the PING but not `PONG` (`no-pong`); another socket error
 * (`connection-error`); a reply without the request id in front (`id-prefix`, EventFormat lacks
 * %REQ%, requirement 7); no `<id> LookupFinished` before the deadline (`no-lookup-finished`,
 * FinishedEventFormat absent or not enabled, requirement 8); more reply bytes than the bound (`too-much-data`).
 */
export const PROBE_FAILURE_KINDS = [
  'refused',
  'timeout',
  'no-pong',
  'connection-error',
  'id-prefix',
  'no-lookup-finished',
  'too-much-data',
] as const;

/** One kind of probe failure. */
export type ProbeFailureKind = (typeof PROBE_FAILURE_KINDS)[number];

/** A probe failure: its kind and a message that quotes what was seen. */
export const ProbeFailureSchema = z.object({ kind: z.enum(PROBE_FAILURE_KINDS), message: z.string() });

/** Milliseconds measured by a probe; a step that was not reached is absent. */
export const ProbeLatenciesSchema = z.object({
  /** PING connection opened to PONG received (includes that connection's TCP connect). */
  pongMs: z.number().optional(),
  /** TCP connect of the ReplyBack session. */
  connectMs: z.number().optional(),
  /** Test event sent to the first reply line (a detection or LookupFinished). */
  firstReplyMs: z.number().optional(),
  /** Test event sent to `<id> LookupFinished`. */
  lookupFinishedMs: z.number().optional(),
});

/** What a live probe of one instance's input port saw. */
export const ProbeResultSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  ok: z.boolean(),
  /** The random decimal request id put in front of the test event. */
  requestId: z.string(),
  /** The event line sent, `<id> <payload>`. */
  testEvent: z.string(),
  /** True when the payload carried a test indicator (a record of the instance's feeds). */
  withIndicator: z.boolean(),
  latencies: ProbeLatenciesSchema,
  /** Reply lines with the id before LookupFinished: detections of the test event. */
  detections: z.number().int(),
  /** Reply lines as received (CR removed), each cut to a bounded length, at most a bounded count. */
  lines: z.array(z.string()),
  linesTruncated: z.boolean(),
  failure: ProbeFailureSchema.optional(),
  startedAt: z.string(),
  durationMs: z.number(),
});

/** A probe result of a named instance. */
export const InstanceProbeResultSchema = ProbeResultSchema.extend({ instance: z.string() });

/** Every instance of a cluster probed in parallel. */
export const ClusterProbeResultSchema = z.object({
  cluster: z.string(),
  ok: z.boolean(),
  passed: z.number().int(),
  failed: z.number().int(),
  indicator: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  results: z.array(InstanceProbeResultSchema),
  /** Cluster-level observations that are not failures, e.g. instances that detected the test indicator differently. */
  notes: z.array(z.string()),
});

/** A probe failure. */
export type ProbeFailure = z.output<typeof ProbeFailureSchema>;
/** Latencies of one probe. */
export type ProbeLatencies = z.output<typeof ProbeLatenciesSchema>;
/** One instance's probe result. */
export type ProbeResult = z.output<typeof ProbeResultSchema>;
/** One named instance's probe result. */
export type InstanceProbeResult = z.output<typeof InstanceProbeResultSchema>;
/** A cluster's probe results. */
export type ClusterProbeResult = z.output<typeof ClusterProbeResultSchema>;
