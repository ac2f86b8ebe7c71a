// `report.run`: the signed verification report of a real cluster in one call and one cluster run.
import { z } from 'zod';
import { PrecheckResultSchema } from '../../prechecks/catalogue.js';
import { ApplyReportSchema } from '../../plan/apply-report.js';
import { PlanDocumentSchema } from '../../plan/plan-document.js';
import { DEFAULT_PROBE_DEADLINE_MS } from '../../probe/probe-port.js';
import { ClusterProbeResultSchema } from '../../probe/probe-result.js';
import { PinnedHostKeySchema } from '../../project/schema.js';
import { AuditVerdictSchema } from './audit.js';
import { reportOperations, ReportIdentityChoiceSchema } from './report.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** Where one instance was probed, and how that port was known (shared/probe/probe-port.ts). */
export const ProbePortChoiceSchema = z.object({
  instance: z.string(),
  host: z.string(),
  port: z.number().int().optional(),
  source: z.enum(['discovered', 'fallback', 'none']),
  evidence: z.string(),
});

/** `report.run`, shaped like the entries of shared/contract/operations.ts. */
export const reportRunOperations = {
  /**
   * Logs in to every instance once (one host-key review, one password prompt per login), runs the
   * pre-checks, the audit and the live probe of each instance's discovered input port on that run, pins
   * accepted keys, then signs the evidence (with `applies` and their `plans`) into a new bundle folder.
   * The output folder and the signing identity are checked before any host is contacted. `knownSecrets`
   * are values (lab passwords) the bundle must not contain; they are never stored.
   */
  'report.run': {
    input: z.object({
      path: filePath,
      engineer: z.string().trim().min(1, { error: 'expected the name of the engineer who signs' }),
      outDir: filePath,
      identity: ReportIdentityChoiceSchema,
      /** Apply reports to state, each with the plan it applied when known, and where it came from (for messages). */
      applies: z
        .array(z.object({ report: ApplyReportSchema, plan: PlanDocumentSchema.optional(), source: z.string().optional() }))
        .default([]),
      plans: z.array(PlanDocumentSchema).default([]),
      indicator: z
        .string()
        .trim()
        .min(1)
        .regex(/^[^\r\n]*$/, { error: 'expected one value on one line' })
        .optional(),
      /** Input port probed where discovery could not read one; without it such an instance is not probed. */
      fallbackPort: z.number().int().min(1).max(65535).optional(),
      deadlineMs: z.number().int().min(100).max(60_000).default(DEFAULT_PROBE_DEADLINE_MS),
      balancerConf: filePath.optional(),
      knownSecrets: z.array(z.string().min(1)).default([]),
    }),
    output: z.object({
      project: z.string(),
      pinned: z.array(PinnedHostKeySchema),
      projectSaved: z.boolean(),
      prechecks: z.array(PrecheckResultSchema),
      audit: z.object({ verdict: AuditVerdictSchema, counts: z.record(z.string(), z.number().int()) }),
      endpoints: z.array(ProbePortChoiceSchema),
      probe: ClusterProbeResultSchema.optional(),
      built: reportOperations['report.build'].output,
    }),
  },
} as const satisfies Record<'report.run', { input: z.ZodType; output: z.ZodType }>;
