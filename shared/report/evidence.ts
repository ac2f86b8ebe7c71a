// evidence.json: what the report proves, version 1. The signed bytes are canonicalJson(Evidence).
import { z } from 'zod';
import { PrecheckResultSchema } from '../prechecks/catalogue.js';
import { AttestationSchema, OsSchema, PinnedHostKeySchema, WaiverSchema } from '../project/schema.js';
import { ChangeRecordSchema } from './change-record.js';
import { BalancerApplyRecordSchema } from './balancer-apply-record.js';
import { EvidenceBalancerSchema } from './evidence-balancer.js';
import { IsoTimeSchema, NameSchema, Sha256HexSchema } from './evidence-values.js';
import { EvidenceFindingSchema } from './finding.js';
import { ProbeRecordSchema } from './probe-record.js';
import { EvidenceTranscriptEntrySchema } from './transcript-entry.js';
import { VerdictSchema } from './verdict.js';

/** Version of the evidence format; a verifier names the version it reads. */
export const EVIDENCE_FORMAT_VERSION = 1;

const port = z.number().int().min(1).max(65535);

/** The cluster as commissioned: the project's identity and its reference instance. */
export const EvidenceClusterSchema = z.strictObject({
  name: NameSchema,
  referenceInstance: NameSchema,
  reqRuleName: z.string().min(1),
  /** SHA-256 of the project file the run used. */
  projectSha256: Sha256HexSchema.optional(),
  balancer: z.strictObject({ name: NameSchema, host: z.string().min(1), port }).optional(),
});

/** One instance as the run found it. */
export const EvidenceInstanceSchema = z.strictObject({
  name: NameSchema,
  host: z.string().min(1),
  port,
  os: OsSchema,
  user: z.string().min(1),
  serviceDir: z.string().min(1).optional(),
  /** CyberTrace version or configuration layout detected on the host. */
  cybertraceVersion: z.string().optional(),
});

/** The tool that produced the evidence. */
export const EvidenceToolSchema = z.strictObject({ name: z.string().min(1), version: z.string().min(1) });

/** The engineer who ran the commissioning and signs the report. */
export const EvidenceEngineerSchema = z.strictObject({ name: NameSchema });

/** When the run happened; every time is the engineer's laptop clock. */
export const RunTimesSchema = z.strictObject({ startedAt: IsoTimeSchema, finishedAt: IsoTimeSchema });

const collections = {
  hostKeys: z.array(PinnedHostKeySchema),
  prechecks: z.array(PrecheckResultSchema),
  findings: z.array(EvidenceFindingSchema),
  changes: z.array(ChangeRecordSchema),
  probes: z.array(ProbeRecordSchema),
  attestations: z.array(AttestationSchema),
  waivers: z.array(WaiverSchema),
  transcript: z.array(EvidenceTranscriptEntrySchema),
};

type Collections = { [K in keyof typeof collections]: readonly z.output<(typeof collections)[K]>[number][] };
type CrossReferenced = Collections & {
  readonly instances: readonly { readonly name: string }[];
  readonly cluster: { readonly referenceInstance: string; readonly balancer?: { readonly name: string } | undefined };
};

// Every record must name an instance of the evidence, and each requirement x instance has at most one finding.
function checkReferences(evidence: CrossReferenced, ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  evidence.instances.forEach((instance, index) => {
    if (names.has(instance.name))
      ctx.addIssue({ code: 'custom', path: ['instances', index, 'name'], message: `duplicate instance "${instance.name}"` });
    names.add(instance.name);
  });
  if (!names.has(evidence.cluster.referenceInstance)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cluster', 'referenceInstance'],
      message: `unknown instance "${evidence.cluster.referenceInstance}"`,
    });
  }
  // The Balancer host is pre-checked and logged in to in the same run as the instances (issue 14): its
  // pre-checks and transcript entries name it; every other record names an instance.
  const hosts = new Set([...names, ...(evidence.cluster.balancer === undefined ? [] : [evidence.cluster.balancer.name])]);
  const named = (key: 'findings' | 'changes' | 'probes' | 'attestations' | 'waivers' | 'prechecks' | 'transcript'): void => {
    const known = key === 'prechecks' || key === 'transcript' ? hosts : names;
    (evidence[key] as readonly { instance?: string | undefined }[]).forEach((record, index) => {
      if (record.instance !== undefined && !known.has(record.instance)) {
        ctx.addIssue({ code: 'custom', path: [key, index, 'instance'], message: `unknown instance "${record.instance}"` });
      }
    });
  };
  for (const key of ['findings', 'changes', 'probes', 'attestations', 'waivers', 'prechecks', 'transcript'] as const) named(key);
  const seen = new Set<string>();
  evidence.findings.forEach((finding, index) => {
    const key = `${finding.requirement}\u0000${finding.instance}`;
    if (seen.has(key))
      ctx.addIssue({
        code: 'custom',
        path: ['findings', index],
        message: `a second finding for ${finding.requirement} on ${finding.instance}`,
      });
    seen.add(key);
  });
}

/** What the report builder takes: the run's facts. The builder adds the tool (when absent), the signing time and the verdict. */
export const EvidenceInputSchema = z
  .strictObject({
    evidenceFormatVersion: z.literal(EVIDENCE_FORMAT_VERSION, { error: `expected evidenceFormatVersion ${EVIDENCE_FORMAT_VERSION}` }),
    tool: EvidenceToolSchema.optional(),
    engineer: EvidenceEngineerSchema,
    cluster: EvidenceClusterSchema,
    instances: z.array(EvidenceInstanceSchema).min(1, { error: 'expected at least one instance' }),
    times: RunTimesSchema,
    hostKeys: collections.hostKeys.default([]),
    prechecks: collections.prechecks.default([]),
    findings: collections.findings.default([]),
    changes: collections.changes.default([]),
    probes: collections.probes.default([]),
    attestations: collections.attestations.default([]),
    waivers: collections.waivers.default([]),
    transcript: collections.transcript.default([]),
    /** The Balancer section (issue 14), when the audit read a kl_balancer.conf. */
    balancer: EvidenceBalancerSchema.optional(),
    /** The applies' Balancer parts (issue 14), oldest first; absent when no apply had one. */
    balancerApplies: z.array(BalancerApplyRecordSchema).optional(),
  })
  .superRefine(checkReferences);

/** The signed evidence document: the input plus the tool, the signing time and the verdict. */
export const EvidenceSchema = z
  .strictObject({
    evidenceFormatVersion: z.literal(EVIDENCE_FORMAT_VERSION, { error: `expected evidenceFormatVersion ${EVIDENCE_FORMAT_VERSION}` }),
    tool: EvidenceToolSchema,
    engineer: EvidenceEngineerSchema,
    cluster: EvidenceClusterSchema,
    instances: z.array(EvidenceInstanceSchema).min(1),
    times: RunTimesSchema.extend({
      /** When the bundle was signed. */
      signedAt: IsoTimeSchema,
      /** Every time in the evidence, the signing time included, is this laptop's clock; no RFC 3161 timestamp is used. */
      clock: z.literal('laptop'),
    }),
    ...collections,
    balancer: EvidenceBalancerSchema.optional(),
    balancerApplies: z.array(BalancerApplyRecordSchema).optional(),
    verdict: VerdictSchema,
  })
  .superRefine(checkReferences);

/** The builder's input as written (collections may be omitted). */
export type EvidenceInputDraft = z.input<typeof EvidenceInputSchema>;
/** The builder's input after validation. */
export type EvidenceInput = z.output<typeof EvidenceInputSchema>;
/** The signed evidence document. */
export type Evidence = z.output<typeof EvidenceSchema>;
