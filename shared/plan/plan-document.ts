// The plan document (`ctha plan --out plan.json`, `plan.create`): everything apply needs to write exactly what was shown.
import { z } from 'zod';
import { REQUIREMENT_IDS } from '../requirements/ids.js';

/** Version of the plan document format; apply refuses any other. */
export const PLAN_FORMAT_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a lower-case hex SHA-256' });
const requirementId = z.enum(REQUIREMENT_IDS);

/** One semantic difference of a change (element path, what happened, old and new value). */
export const PlannedSemanticChangeSchema = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.string().optional(),
  after: z.string().optional(),
});

/**
 * What is shown of a sensitive file (the feeds certificate, a licence key, anything holding `PRIVATE KEY`)
 * instead of its bytes: size and digest, and for a certificate its subject and validity.
 */
export const SensitiveFileSchema = z.object({
  size: z.number().int().min(0),
  sha256,
  subject: z.string().optional(),
  notBefore: z.string().optional(),
  notAfter: z.string().optional(),
});

/** One file change: what the preview shows and the exact bytes apply writes. */
export const PlannedChangeSchema = z.object({
  path: z.string().min(1),
  /** The path relative to the service dir with `/` separators (the absolute path when outside it): what groups compare. */
  relativePath: z.string().min(1),
  kind: z.enum(['edit', 'copy', 'set-aside']),
  requirements: z.array(requirementId).min(1),
  /** SHA-256 of the bytes the plan read; null when the file did not exist (a copy creates it). */
  beforeSha256: sha256.nullable(),
  afterSha256: sha256,
  /** For set-aside: where the file is moved (its bytes are kept). */
  newPath: z.string().min(1).optional(),
  /** The service is stopped before and started after the instance's writes. */
  restart: z.boolean(),
  unifiedDiff: z.string(),
  semanticChanges: z.array(PlannedSemanticChangeSchema),
  /**
   * The new bytes, base64; for set-aside the file's unchanged bytes. Omitted for a sensitive change (read
   * as ''): such bytes are never stored or shown; apply takes them from its re-derivation from the live hosts.
   */
  afterBase64: z.string().default(''),
  /** Present when the file is sensitive: its diff and semantic changes are a summary, its bytes are not in the document. */
  sensitive: SensitiveFileSchema.optional(),
});

/** A file the plan read, with its digest then (null: it did not exist). Apply re-reads every one. */
export const FileReadSchema = z.object({ path: z.string().min(1), sha256: sha256.nullable() });

/** A directory the plan listed (the license folder): its file names ending with `suffix`, sorted (null: no such folder). */
export const DirectoryReadSchema = z.object({ path: z.string().min(1), suffix: z.string(), entries: z.array(z.string()).nullable() });

/** Where readiness is asked (`X-KF-ReplyBackPING` → `PONG`): the instance's host and its input port. */
export const ReadinessTargetSchema = z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) });

/** A requirement the plan cannot fix on an instance: a manual step, or an edit that failed its own checks. */
export const PlannedRefusalSchema = z.object({
  requirement: requirementId,
  reason: z.string(),
  /** What to do by hand, for the instance's layout, when known. */
  manual: z.string().optional(),
});

/** One instance's part of the plan. */
export const PlannedInstanceSchema = z.object({
  name: z.string().min(1),
  os: z.enum(['linux', 'windows']),
  /** The SSH host of the project (apply reconnects there). */
  host: z.string().min(1),
  serviceDir: z.string().nullable(),
  /** The project's extra paths outside the service folder the plan may change on this instance (`allowedPaths`). */
  allowedPaths: z.array(z.string().min(1)).optional(),
  /** 'error': the instance could not be read; it has no changes and apply skips it. */
  status: z.enum(['planned', 'error']),
  error: z.string().optional(),
  /** null when the input port could not be found: apply then refuses changes that need a restart. */
  readiness: ReadinessTargetSchema.nullable(),
  /** How the readiness target was found, or why it is unknown. */
  readinessNote: z.string().optional(),
  filesRead: z.array(FileReadSchema),
  directoriesRead: z.array(DirectoryReadSchema),
  changes: z.array(PlannedChangeSchema),
  refusals: z.array(PlannedRefusalSchema),
});

/** A change as groups show it: identical across the group's instances. */
export const GroupedChangeSchema = z.object({
  relativePath: z.string(),
  kind: z.enum(['edit', 'copy', 'set-aside']),
  newRelativePath: z.string().optional(),
  requirements: z.array(requirementId),
  restart: z.boolean(),
  /** The unified diff without its two header lines (they name each instance's own path). */
  diffBody: z.string(),
  /** A sensitive file's size and digest (its diff body is then a one-line summary). */
  sensitive: SensitiveFileSchema.optional(),
});

/** Instances whose changes are identical (same relative paths, same diff bodies), shown once. */
export const DiffGroupSchema = z.object({ instances: z.array(z.string()).min(1), changes: z.array(GroupedChangeSchema).min(1) });

/** What a Balancer change does (issue 14): the instance list, a reference licence key copied in, a key no instance has set aside, a stale stored certificate replaced. */
export const BALANCER_CHANGE_KINDS = ['listing', 'license', 'license-set-aside', 'stored-cert'] as const;

/** One file change on the Balancer host: what the preview shows and the digests apply re-derives and compares. */
export const PlannedBalancerChangeSchema = z.object({
  kind: z.enum(BALANCER_CHANGE_KINDS),
  path: z.string().min(1),
  /** The path relative to the Balancer folder with `/` separators (the absolute path when it is an allowed path outside it). */
  relativePath: z.string().min(1),
  /** For a set-aside: `<path>.ctha-set-aside`. */
  newPath: z.string().min(1).optional(),
  beforeSha256: sha256.nullable(),
  afterSha256: sha256,
  /** Why, with the REFERENCE section. */
  reason: z.string(),
  /** The instance the bytes come from (a licence key, a certificate). */
  from: z.string().optional(),
  /** It changes where Balancer sends events or what it trusts: applied only because the engineer confirmed this plan. */
  needsConfirmation: z.boolean(),
  /** The unified diff of the bytes (kl_balancer.conf), or a sensitive file's one-line summary. */
  unifiedDiff: z.string(),
  /** The new bytes, base64, for a non-sensitive change (kl_balancer.conf); '' for a sensitive one (taken live at apply). */
  afterBase64: z.string().default(''),
  sensitive: SensitiveFileSchema.optional(),
});

/** The Balancer's part of a plan (issue 14): applied after every instance, with Balancer stopped and started (REFERENCE 3.6). */
export const PlannedBalancerSchema = z.object({
  /** The project's Balancer SSH host (apply reconnects there). */
  host: z.string().min(1),
  os: z.enum(['linux', 'windows']),
  /** The folder holding `bin/kl_balancer.conf`: every change lies inside it unless it equals one of allowedPaths. */
  balancerDir: z.string().min(1),
  /** The project's balancer.licenseDir when the engineer set it (it may lie outside the Balancer folder). */
  allowedPaths: z.array(z.string().min(1)),
  /** Where Balancer must answer after its start: its address and matching_port; null when kl_balancer.conf does not say. */
  endpoint: z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }).nullable(),
  /** Whether stale stored certificates were planned (`--replace-stale-balancer-certs`); apply re-derives with the same choice. */
  replaceStaleCerts: z.boolean(),
  changes: z.array(PlannedBalancerChangeSchema),
  /** What could not be planned, and stale certificates held back without the option. */
  problems: z.array(z.string()),
});

/** A plan: the project it came from, when and by which tool, every instance's reads, changes and refusals, and the groups. */
export const PlanDocumentSchema = z.object({
  planFormatVersion: z.literal(PLAN_FORMAT_VERSION, { error: `expected planFormatVersion ${PLAN_FORMAT_VERSION}` }),
  project: z.object({ name: z.string(), path: z.string().min(1), sha256 }),
  createdAt: z.iso.datetime({ offset: true }),
  toolVersion: z.string(),
  referenceInstance: z.string().min(1),
  /**
   * The requirements planned (all of them, or the `--steps` subset), in catalogue order; empty only in a plan
   * of the Balancer's fixes alone (`--steps balancer`, balancerIncluded true): apply's plan check refuses it otherwise.
   */
  requirements: z.array(requirementId),
  /**
   * Whether the plan covers the Balancer's fixes (`--steps` named `balancer`, or no `--steps`); false: left out,
   * and the plan has no Balancer section. Absent in plans made before it: covered exactly when a section is present.
   */
  balancerIncluded: z.boolean().optional(),
  instances: z.array(PlannedInstanceSchema).min(1),
  groups: z.array(DiffGroupSchema),
  /** Absent in plans of projects without a Balancer host, and in plans made before issue 14. */
  balancer: PlannedBalancerSchema.optional(),
  summary: z.object({
    changes: z.number().int().min(0),
    instancesWithChanges: z.number().int().min(0),
    refusals: z.number().int().min(0),
    errors: z.number().int().min(0),
    /** The Balancer section's changes (present exactly when the section is). */
    balancerChanges: z.number().int().min(0).optional(),
  }),
});

/** A plan document. */
export type PlanDocument = z.output<typeof PlanDocumentSchema>;
/** One instance's part of a plan. */
export type PlannedInstance = z.output<typeof PlannedInstanceSchema>;
/** One planned file change. */
export type PlannedChange = z.output<typeof PlannedChangeSchema>;
/** A group of instances with identical changes. */
export type DiffGroup = z.output<typeof DiffGroupSchema>;
/** One change as a group shows it. */
export type GroupedChange = z.output<typeof GroupedChangeSchema>;
/** Size, digest and certificate facts of a sensitive file. */
export type SensitiveFile = z.output<typeof SensitiveFileSchema>;
/** Host and input port of the readiness check. */
export type ReadinessTarget = z.output<typeof ReadinessTargetSchema>;
/** The Balancer's part of a plan. */
export type PlannedBalancer = z.output<typeof PlannedBalancerSchema>;
/** One planned Balancer file change. */
export type PlannedBalancerChange = z.output<typeof PlannedBalancerChangeSchema>;
