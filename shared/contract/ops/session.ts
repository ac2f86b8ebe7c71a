// The wizard's saved place beside the project (issue 13 item 3): `<name>.ctha-session.json`, 0600, no secrets.
import { z } from 'zod';
import { ApplyReportSchema } from '../../plan/apply-report.js';
import { PlanDocumentSchema } from '../../plan/plan-document.js';
import { PrecheckResultSchema } from '../../prechecks/catalogue.js';
import { ClusterProbeResultSchema } from '../../probe/probe-result.js';
import { SpotCheckResultSchema } from '../../probe/spot-check-result.js';
import { SpotCheckEvidenceSchema } from '../../project/schema.js';
import { EvidenceTranscriptEntrySchema } from '../../report/transcript-entry.js';
import { VerifyReportResultSchema } from '../../report/verification.js';
import { AuditReportSchema } from './audit.js';
import { reportOperations } from './report.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** The value every session file carries in `format`: a JSON file without it is not a wizard session. */
export const WIZARD_SESSION_FORMAT = 'ctha-wizard-session';

/** Largest session file read or written (a 100-instance audit with its plan and applies is a few MiB). */
export const MAX_SESSION_BYTES = 16 * 1024 * 1024;

// When a result was produced, as the renderer saw it arrive (ISO 8601, UTC).
const producedAt = z.iso.datetime({ error: 'expected an ISO 8601 time' });

/**
 * What the wizard saves after each step: the step shown and the latest result of each step as the store held
 * it, each with the time it was produced (`at`). Results are checked against the operations' own output
 * schemas, so a restored result is one the screens can show. Never a password, passphrase or private key.
 */
export const WizardSessionSchema = z.object({
  format: z.literal(WIZARD_SESSION_FORMAT, { error: `expected format "${WIZARD_SESSION_FORMAT}"` }),
  schemaVersion: z.literal(1, { error: 'expected 1 (this tool reads wizard session format version 1)' }),
  /** The project file (absolute, as the engine opened it) this session belongs to. */
  projectPath: filePath,
  /** The wizard step shown when saved (renderer/wizard/steps.ts ids; an unknown one resumes at Project). */
  step: z.string().min(1).max(64),
  savedAt: producedAt,
  engineer: z.string().max(200).optional(),
  prechecks: z
    .object({
      at: producedAt,
      path: z.string(),
      results: z.array(PrecheckResultSchema),
      transcript: z.array(EvidenceTranscriptEntrySchema),
      startedAt: z.string(),
      finishedAt: z.string(),
    })
    .optional(),
  audit: z.object({ at: producedAt, path: z.string(), report: AuditReportSchema, stale: z.boolean(), balancerConf: z.string() }).optional(),
  /** The plan file Apply would apply; the plan itself is read again from that file on resume (plan.read). */
  plan: z.object({ at: producedAt, path: filePath, balancerConf: z.string() }).optional(),
  applies: z
    .array(z.object({ at: producedAt, report: ApplyReportSchema, plan: PlanDocumentSchema }))
    .max(100)
    .optional(),
  probe: z.object({ at: producedAt, result: ClusterProbeResultSchema, stale: z.boolean() }).optional(),
  /** Requirement 3's latest finished REST spot-check of this project file (never the indicators, the REST user or password). */
  spotCheck: z
    .object({
      at: producedAt,
      path: filePath,
      port: z.number().int().min(1).max(65535),
      indicators: z.number().int().nonnegative(),
      result: SpotCheckResultSchema,
      evidence: SpotCheckEvidenceSchema.optional(),
    })
    .optional(),
  report: z.object({ at: producedAt, built: reportOperations['report.build'].output }).optional(),
  verify: z.object({ at: producedAt, path: z.string(), result: VerifyReportResultSchema }).optional(),
  /** The report folder typed or chosen (not secret; the folder itself is written only by report.build). */
  reportOutDir: z.string().max(4096).optional(),
});

/** A saved wizard session. */
export type WizardSession = z.output<typeof WizardSessionSchema>;

/** `session.read`, `session.save` and `session.clear`, shaped like the entries of shared/contract/operations.ts. */
export const sessionOperations = {
  /**
   * Reads the session saved beside a project. `session` is absent when there is none; `problem` says why a file
   * that is there cannot be resumed (malformed, foreign, too large, another project's), so the page offers to start over.
   */
  'session.read': {
    input: z.strictObject({ projectPath: filePath }),
    output: z.object({ path: z.string(), session: WizardSessionSchema.optional(), problem: z.string().optional() }),
  },
  /** Writes the session beside the project atomically, owner-only; refused when it holds a secret. */
  'session.save': {
    input: z.strictObject({ projectPath: filePath, session: WizardSessionSchema }),
    output: z.object({ path: z.string(), bytes: z.number().int() }),
  },
  /** Removes the session beside the project ("start over"); `removed` is false when there was none. */
  'session.clear': {
    input: z.strictObject({ projectPath: filePath }),
    output: z.object({ path: z.string(), removed: z.boolean() }),
  },
} as const satisfies Record<'session.read' | 'session.save' | 'session.clear', { input: z.ZodType; output: z.ZodType }>;
