// The audit's and Balancer's part of the contract: what discovery, Balancer reading and an audit report, as data.
import { z } from 'zod';
import { OsSchema, PinnedHostKeySchema } from '../../project/schema.js';
import { FINDING_STATUSES, ClusterFindingsSchema } from '../../requirements/finding.js';
import { BalancerAuditReportSchema, BalancerFactsSchema } from './balancer-audit.js';

export * from './balancer-audit.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** One file as discovery saw it: where, whether it is there, its size and digest, or why it could not be read. */
export const FileFactSchema = z.object({
  path: z.string(),
  present: z.boolean(),
  size: z.number().int().optional(),
  sha256: z.string().optional(),
  reason: z.string().optional(),
});

// A fact is known when `value` is present; `evidence` always says how it was found, or why it is unknown.
const fact = <T extends z.ZodType>(value: T) => z.object({ value: value.optional(), evidence: z.string() });

/** Where one configuration file's location came from: the project's configPaths, the service config's pointer, or the help's folder. */
export const ConfigLocationFactSchema = z.object({ source: z.enum(['project', 'pointer', 'default']), evidence: z.string() });
/** One file's location fact. */
export type ConfigLocationFact = z.output<typeof ConfigLocationFactSchema>;

/** What discovery found on one instance; every unknown fact says why it is unknown. */
export const DiscoveryFactsSchema = z.object({
  instance: z.string(),
  os: OsSchema,
  /** `uname -s` or the Windows version string. */
  system: z.string(),
  shell: z.enum(['posix-sh', 'cmd', 'powershell']),
  privilege: z.object({ detected: z.string(), declared: z.string().optional(), matches: z.boolean().optional(), detail: z.string() }),
  serviceDir: z.object({ value: z.string().optional(), source: z.enum(['project', 'probed']).optional(), evidence: z.string() }),
  serviceConf: FileFactSchema.optional(),
  feedUtilConf: FileFactSchema.optional(),
  /** How each config's path was decided (issue 11 item 3); absent when CyberTrace was not found. */
  configLocations: z.object({ serviceConf: ConfigLocationFactSchema, feedUtilConf: ConfigLocationFactSchema }).optional(),
  /** CertFile as written in kl_feed_util.conf, and the file it resolves to. */
  certificate: z.object({ certFile: z.string().optional(), file: FileFactSchema.optional(), evidence: z.string() }),
  licenseDir: z.object({ path: z.string(), present: z.boolean(), keys: z.array(FileFactSchema) }).optional(),
  serviceControl: z.object({ method: z.enum(['systemctl', 'sc', 'kl_control', 'unknown']), evidence: z.array(z.string()) }),
  /** kl_feed_service.conf layout (REFERENCE 1.4): 4.x General tenant at the top, 5.x under Domains/Domain. */
  layout: fact(z.enum(['4.x', '5.x'])),
  /** CyberTrace's version number from `kl_feed_service -v` (REFERENCE 2.1); the evidence keeps the line it came from. */
  version: fact(z.string()),
});

/** Discovery facts of one instance. */
export type DiscoveryFacts = z.output<typeof DiscoveryFactsSchema>;
/** One file's facts. */
export type FileFact = z.output<typeof FileFactSchema>;

/** One instance in an audit report: discovery facts, or why it could not be audited. */
export const InstanceAuditReportSchema = z.object({
  instance: z.string(),
  /** False when the instance could not be opened, discovered or modelled (every finding unknown, with `failure`). */
  audited: z.boolean(),
  failure: z.object({ stage: z.string(), reason: z.string() }).optional(),
  facts: DiscoveryFactsSchema.optional(),
  /** Configs the XML layer refused (DOCTYPE, not well-formed); the requirements needing them are unknown. Nothing is written. */
  refusedFiles: z.array(z.object({ path: z.string(), reason: z.string() })),
  inputPort: z.object({ port: z.number().int().optional(), evidence: z.string() }),
});

/** The overall verdict: consistent only when every finding is match, attested or waived. */
export const AuditVerdictSchema = z.enum(['consistent', 'drift', 'unknown']);

/** An audit as data: findings per requirement x instance with groups, discovery facts, Balancer checks, transcript. */
export const AuditReportSchema = z.object({
  project: z.string(),
  referenceInstance: z.string(),
  verdict: AuditVerdictSchema,
  counts: z.record(z.enum(FINDING_STATUSES), z.number().int()),
  startedAt: z.string(),
  finishedAt: z.string(),
  findings: ClusterFindingsSchema,
  instances: z.array(InstanceAuditReportSchema),
  balancer: BalancerAuditReportSchema,
  /** The run's transcript (engine/ssh/transcript/entry.ts TranscriptEntry), secrets redacted. */
  transcript: z.array(
    z.looseObject({
      instance: z.string(),
      target: z.string(),
      kind: z.enum(['connect', 'exec', 'sftp']),
      op: z.string(),
      startedAt: z.string(),
      durationMs: z.number(),
    }),
  ),
});

/** One audit report. */
export type AuditReport = z.output<typeof AuditReportSchema>;

/** `audit.run` and `balancer.read`, shaped like the entries of shared/contract/operations.ts. */
export const auditOperations = {
  /**
   * Audits every instance of the project file (one SSH session each, new host keys through one review,
   * passwords through prompts; accepted keys are pinned into the file). `balancerConf`: a local
   * kl_balancer.conf; without it, the project's Balancer host is read over SSH when the project has one.
   */
  'audit.run': {
    input: z.object({ path: filePath, balancerConf: filePath.optional() }),
    output: z.object({ report: AuditReportSchema, pinned: z.array(PinnedHostKeySchema), projectSaved: z.boolean() }),
  },
  /** Reads kl_balancer.conf: a local file (`file`), or the project's Balancer host over SSH (`path`, the project file). */
  'balancer.read': {
    input: z.union([z.object({ file: filePath }), z.object({ path: filePath })], {
      error: 'expected { file } (a local kl_balancer.conf) or { path } (a project file with a balancer)',
    }),
    output: z.object({
      source: z.string(),
      facts: BalancerFactsSchema.optional(),
      error: z.string().optional(),
      pinned: z.array(PinnedHostKeySchema),
      projectSaved: z.boolean(),
    }),
  },
} as const;
