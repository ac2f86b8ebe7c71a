// The plan's and apply's part of the contract: `plan.create` and `apply.run`, shaped like the entries of operations.ts.
import { z } from 'zod';
import { ApplyReportSchema } from '../../plan/apply-report.js';
import { PlanDocumentSchema } from '../../plan/plan-document.js';
import { PinnedHostKeySchema } from '../../project/schema.js';
import { REQUIREMENT_IDS } from '../../requirements/ids.js';

const filePath = z.string().trim().min(1, { error: 'expected a file path' });

/** Bounds of the readiness deadline a caller may ask for (the project file's bounds): up to an hour, for feeds that load slowly. */
export const READY_DEADLINE_BOUNDS_MS = { min: 1_000, max: 3_600_000 } as const;

/** How long a started instance gets to answer PONG when neither the run nor the project says: 5 minutes (feeds can load slowly). */
export const DEFAULT_READY_DEADLINE_MS = 300_000;

/** The readiness deadline an apply uses and where it comes from. */
export interface ReadyDeadline {
  readonly ms: number;
  readonly source: 'run' | 'project' | 'default';
}

/** The deadline in effect: the run's option, else the project's readyDeadlineMs, else the default. */
export function readyDeadlineInEffect(runMs: number | undefined, projectMs: number | undefined): ReadyDeadline {
  if (runMs !== undefined) return { ms: runMs, source: 'run' };
  if (projectMs !== undefined) return { ms: projectMs, source: 'project' };
  return { ms: DEFAULT_READY_DEADLINE_MS, source: 'default' };
}

/** `plan.create` and `apply.run`: input and output schema by name. */
export const planApplyOperations = {
  /**
   * Reads every instance (one host-key review; new keys are pinned into the project) and plans the exact
   * new bytes of each file for the requirements asked (all by default); saves the plan when `out` is given.
   */
  'plan.create': {
    input: z.object({
      path: filePath,
      requirements: z.array(z.enum(REQUIREMENT_IDS)).optional(),
      /** Plan the Balancer's fixes (--steps ...,balancer); default: only when every requirement is planned. */
      balancer: z.boolean().optional(),
      out: filePath.optional(),
      /** A local kl_balancer.conf for the alerts item (otherwise read over SSH when the project has a Balancer). */
      balancerConf: filePath.optional(),
      /**
       * Also plan replacing Balancer's stale stored instance certificates (issue 14; it changes what Balancer
       * trusts, REFERENCE 3.6); without it they are listed as not planned.
       */
      replaceStaleBalancerCerts: z.boolean().optional(),
    }),
    output: z.object({
      plan: PlanDocumentSchema,
      savedTo: z.string().optional(),
      pinned: z.array(PinnedHostKeySchema),
      projectSaved: z.boolean(),
    }),
  },
  /**
   * Applies a saved plan file exactly, or plans a project file first and applies that; rolling by default
   * (one instance at a time, the reference last), in parallel only when `rolling` is false; stale files
   * refuse the instance; any failure rolls the instance back.
   */
  'apply.run': {
    input: z.object({
      /** A plan file (from plan.create) or a `*.ctha.json` project. */
      path: filePath,
      /** true (default): one instance at a time, the reference last, so the cluster keeps serving; false: all at once. */
      rolling: z.boolean().default(true),
      /** Overrides the project's readyDeadlineMs for this run (default: the project's, else DEFAULT_READY_DEADLINE_MS). */
      readyDeadlineMs: z.number().int().min(READY_DEADLINE_BOUNDS_MS.min).max(READY_DEADLINE_BOUNDS_MS.max).optional(),
      balancerConf: filePath.optional(),
      /** For a project: plan only these requirements (all by default); a saved plan keeps its own. */
      requirements: z.array(z.enum(REQUIREMENT_IDS)).optional(),
      /** For a project: as plan.create's `balancer`; a saved plan keeps its own. */
      balancer: z.boolean().optional(),
      /** For a project: as plan.create's; a saved plan keeps the choice it was made with. */
      replaceStaleBalancerCerts: z.boolean().optional(),
    }),
    output: z.object({
      report: ApplyReportSchema,
      plan: PlanDocumentSchema,
      pinned: z.array(PinnedHostKeySchema),
      projectSaved: z.boolean(),
    }),
  },
  /** Reads a saved plan file (as `plan.create` wrote it), or checks a plan given as data (`plan`, from `source`), as apply checks it. */
  'plan.read': {
    input: z.union([z.object({ path: filePath }), z.object({ plan: z.unknown(), source: z.string().min(1) })], {
      error: 'expected { path } (a plan file) or { plan, source } (a plan as data, and where it came from)',
    }),
    output: PlanDocumentSchema,
  },
} as const satisfies Record<'plan.create' | 'apply.run' | 'plan.read', { input: z.ZodType; output: z.ZodType }>;
