// What `apply.run` / `ctha apply` did, per instance and per step: plain data for the report and the wizard.
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The steps of one instance's apply, in the order they can happen. */
export const APPLY_STEPS = [
  'resume', // finishing or undoing what an interrupted run left (the journal)
  'path-policy', // every path the plan reads or writes is inside the service folder (links resolved on the host) or allowed
  'stale-check', // every file the plan read is re-read; any other digest refuses the instance
  'service', // finding how the host controls the service
  'stop',
  'write',
  'start',
  'ready', // X-KF-ReplyBackPING answered PONG before the deadline
  'verify', // the host holds the planned bytes and the requirements now match
  'restore', // rollback: a written file put back
  'restart', // rollback: the service started again
  'cleanup', // rollback and resume: our own temporaries a cut write left behind removed (never a backup)
  'ready-after-rollback',
  'confirm-original', // rollback: every file holds its original bytes again
] as const;

/** One step of an instance's apply. */
export type ApplyStepName = (typeof APPLY_STEPS)[number];

/** One step as it happened: how long, on which file, and what was seen. */
export const ApplyStepRecordSchema = z.object({
  step: z.enum(APPLY_STEPS),
  status: z.enum(['done', 'failed', 'skipped']),
  durationMs: z.number().int().min(0),
  file: z.string().optional(),
  detail: z.string().optional(),
});

/** What happened to one planned file. */
export const AppliedFileSchema = z.object({
  path: z.string(),
  kind: z.enum(['edit', 'copy', 'set-aside']),
  newPath: z.string().optional(),
  beforeSha256: sha256.nullable(),
  afterSha256: sha256,
  /** The verified copy of the old bytes beside the file; never deleted by the tool. */
  backupPath: z.string().optional(),
  /**
   * not-written: the run stopped before it; written: the new bytes are in place (checked);
   * restored: put back after a failure (checked); unknown: could not be checked or restored, see backupPath.
   */
  status: z.enum(['not-written', 'written', 'restored', 'unknown']),
  /** How the original was kept: a backup copy, nothing to keep (the file was new), or the set-aside file itself. */
  original: z.enum(['backup', 'absent', 'set-aside']),
  detail: z.string().optional(),
});

/** How one instance's apply ended. */
export const INSTANCE_OUTCOMES = [
  'applied', // every change written, service ready again, new values confirmed
  'unchanged', // nothing to do: no changes planned, or the host already holds the planned bytes
  'refused', // nothing touched: stale plan, no privilege, no readiness port, unreadable host...
  'rolled-back', // a step failed; every written file restored, service answering, originals confirmed
  'failed', // a step failed and the rollback could not be confirmed: see files and the journal
  'skipped', // not attempted (plan error, unreachable host, or the rolling apply, the default, stopped after a failure)
  'interrupted', // the run was cut short (test hook): the journal holds what the next run resumes
] as const;

/** How an interrupted run's leftovers were handled on one instance. */
export const ResumeResultSchema = z.object({
  /** completed: the pending restart was done and the new bytes confirmed; rolled-back: undone; failed: still pending. */
  outcome: z.enum(['completed', 'rolled-back', 'failed']),
  message: z.string(),
  journalState: z.string(),
  files: z.array(AppliedFileSchema),
  steps: z.array(ApplyStepRecordSchema),
});

/** One instance's result. */
export const InstanceApplyResultSchema = z.object({
  instance: z.string(),
  outcome: z.enum(INSTANCE_OUTCOMES),
  /** One sentence saying what happened, naming the file and step on a failure. */
  message: z.string(),
  failure: z.object({ step: z.enum(APPLY_STEPS), file: z.string().optional(), reason: z.string(), message: z.string() }).optional(),
  restarted: z.boolean(),
  resumed: ResumeResultSchema.optional(),
  files: z.array(AppliedFileSchema),
  steps: z.array(ApplyStepRecordSchema),
  readiness: z
    .object({ host: z.string(), port: z.number().int(), ok: z.boolean(), ms: z.number(), reason: z.string().optional() })
    .optional(),
  startedAt: z.string(),
  durationMs: z.number().int().min(0),
});

/**
 * The Balancer's part of an apply (issue 14), after every instance: stopped, files written, started, asked on
 * matching_port; rolled back on failure. `skipped`: an instance did not end applied, so Balancer was not touched.
 */
export const BalancerApplyResultSchema = z.object({
  host: z.string(),
  /** `interrupted`: cut short by the test hook, as a killed process; its record stays for the next apply to undo. */
  outcome: z.enum(['applied', 'nothing', 'refused', 'rolled-back', 'failed', 'skipped', 'interrupted']),
  message: z.string(),
  files: z.array(AppliedFileSchema),
  /** Each step as it happened (stop, each write, start, the matching_port answer, a rollback's). */
  steps: z.array(z.string()),
  /**
   * An earlier apply's Balancer step that did not finish, handled before this run planned: `completed` when its
   * copy had finished (every file's new bytes on the host) and Balancer then started and answered on
   * matching_port; otherwise `rolled-back` (files restored, Balancer started).
   */
  resumed: z
    .object({
      outcome: z.enum(['completed', 'rolled-back']),
      message: z.string(),
      files: z.array(AppliedFileSchema),
      steps: z.array(z.string()),
    })
    .optional(),
  startedAt: z.string(),
  durationMs: z.number().int().min(0),
});

/** The whole apply. */
export const ApplyReportSchema = z.object({
  project: z.object({ name: z.string(), path: z.string() }),
  planCreatedAt: z.string(),
  /** A saved plan applied as it was, or a plan made for this run. */
  planSource: z.enum(['saved', 'fresh']),
  mode: z.enum(['parallel', 'rolling']),
  startedAt: z.string(),
  durationMs: z.number().int().min(0),
  /** True when any file on any host was written (including a resumed run's writes). */
  changed: z.boolean(),
  instances: z.array(InstanceApplyResultSchema),
  /** Present when the plan has a Balancer section. */
  balancer: BalancerApplyResultSchema.optional(),
  summary: z.record(z.enum(INSTANCE_OUTCOMES), z.number().int().min(0)),
  /** The journal after the run; pending lists instances an interrupted or failed run left unfinished. */
  journal: z.object({ path: z.string(), pending: z.array(z.string()) }),
});

/** One step record. */
export type ApplyStepRecord = z.output<typeof ApplyStepRecordSchema>;
/** One file's fate. */
export type AppliedFile = z.output<typeof AppliedFileSchema>;
/** How an instance ended. */
export type InstanceOutcome = (typeof INSTANCE_OUTCOMES)[number];
/** What resuming an interrupted apply did. */
export type ResumeResult = z.output<typeof ResumeResultSchema>;
/** One instance's result. */
export type InstanceApplyResult = z.output<typeof InstanceApplyResultSchema>;
/** The Balancer's part of an apply. */
export type BalancerApplyReport = z.output<typeof BalancerApplyResultSchema>;
/** The apply report. */
export type ApplyReport = z.output<typeof ApplyReportSchema>;
