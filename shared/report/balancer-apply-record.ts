// evidence.json's record of an apply's Balancer part (issue 14): what was changed on the Balancer host, with
// its backups, the stop/copy/start/matching_port steps, a rollback, and an unfinished earlier step finished or undone.
import { z } from 'zod';
import type { AppliedFile, ApplyReport } from '../plan/apply-report.js';
import { BALANCER_CHANGE_KINDS } from '../plan/plan-document.js';
import type { PlanDocument } from '../plan/plan-document.js';
import { IsoTimeSchema, Sha256HexSchema } from './evidence-values.js';

/** One Balancer file the apply touched (or tried to), and what the host holds at its path now. */
export const BalancerFileRecordSchema = z.strictObject({
  path: z.string().min(1),
  /** What the change did, from the plan that was applied (absent when that plan was not given). */
  change: z.enum(BALANCER_CHANGE_KINDS).optional(),
  /** Why, with its REFERENCE section, from the plan. */
  reason: z.string().optional(),
  newPath: z.string().min(1).optional(),
  beforeSha256: Sha256HexSchema.nullable(),
  /** SHA-256 of what the host holds at the path after the apply; null when nothing is there. */
  afterSha256: Sha256HexSchema.nullable(),
  /** Where the original bytes were kept on the Balancer host; null when there was nothing to back up. */
  backupPath: z.string().min(1).nullable(),
  status: z.enum(['not-written', 'written', 'restored', 'unknown']),
  note: z.string().optional(),
});

/** An earlier apply's unfinished Balancer step, as this apply found and handled it. */
export const BalancerResumeRecordSchema = z.strictObject({
  /** completed: the copy had finished, Balancer was started and answered; rolled-back: the files were put back. */
  outcome: z.enum(['completed', 'rolled-back']),
  message: z.string(),
  files: z.array(BalancerFileRecordSchema),
  steps: z.array(z.string()),
});

/** One apply's Balancer part. */
export const BalancerApplyRecordSchema = z.strictObject({
  host: z.string().min(1),
  /** When the applied plan was made (which plan this was). */
  planCreatedAt: IsoTimeSchema,
  outcome: z.enum(['applied', 'nothing', 'refused', 'rolled-back', 'failed', 'skipped', 'interrupted']),
  message: z.string(),
  at: IsoTimeSchema,
  durationMs: z.number().int().min(0),
  files: z.array(BalancerFileRecordSchema),
  /** Each step as it happened: stop, each write, start, the matching_port answer, a rollback's. */
  steps: z.array(z.string()),
  resumed: BalancerResumeRecordSchema.optional(),
});

/** One apply's Balancer part in the evidence. */
export type BalancerApplyRecord = z.output<typeof BalancerApplyRecordSchema>;
/** One Balancer file in the evidence. */
export type BalancerFileRecord = z.output<typeof BalancerFileRecordSchema>;

/** The Balancer parts of the applies, oldest first; applies without one add nothing. */
export function balancerApplyRecords(
  applies: readonly { readonly report: ApplyReport; readonly plan?: PlanDocument | undefined }[],
): BalancerApplyRecord[] {
  return applies.flatMap(({ report, plan }): BalancerApplyRecord[] => {
    const part = report.balancer;
    if (part === undefined) return [];
    const file = (applied: AppliedFile): BalancerFileRecord => fileRecord(applied, plan);
    return [
      {
        host: part.host,
        planCreatedAt: report.planCreatedAt,
        outcome: part.outcome,
        message: part.message,
        at: part.startedAt,
        durationMs: part.durationMs,
        files: part.files.map(file),
        steps: [...part.steps],
        ...(part.resumed === undefined
          ? {}
          : {
              resumed: {
                outcome: part.resumed.outcome,
                message: part.resumed.message,
                files: part.resumed.files.map(file),
                steps: [...part.resumed.steps],
              },
            }),
      },
    ];
  });
}

// What the host holds now: the new bytes, the original again, or nothing (set aside, or a new file removed).
function fileRecord(applied: AppliedFile, plan: PlanDocument | undefined): BalancerFileRecord {
  const planned = plan?.balancer?.changes.find((change) => change.path === applied.path && change.afterSha256 === applied.afterSha256);
  const after =
    applied.status === 'written'
      ? applied.kind === 'set-aside'
        ? null
        : applied.afterSha256
      : applied.status === 'restored' || applied.status === 'not-written'
        ? applied.beforeSha256
        : null;
  const notes = [
    applied.kind === 'set-aside' && applied.newPath !== undefined ? `set aside to ${applied.newPath}` : undefined,
    applied.status === 'unknown' ? 'state unknown after a failed rollback; see the backup' : undefined,
    applied.detail,
  ].filter((note) => note !== undefined);
  return {
    path: applied.path,
    ...(planned === undefined ? {} : { change: planned.kind, reason: planned.reason }),
    ...(applied.newPath === undefined ? {} : { newPath: applied.newPath }),
    beforeSha256: applied.beforeSha256,
    afterSha256: after,
    backupPath: applied.backupPath ?? null,
    status: applied.status,
    ...(notes.length === 0 ? {} : { note: notes.join('; ') }),
  };
}

/**
 * What the Balancer's applies add to a verdict, as the instances' changes do: a Balancer part that was rolled
 * back, failed or was cut short is a failure. Refused and skipped wrote nothing (the audit states the result).
 */
export function balancerApplyFailures(records: readonly BalancerApplyRecord[] | undefined): string[] {
  return (records ?? [])
    .filter((record) => ['rolled-back', 'failed', 'interrupted'].includes(record.outcome))
    .map((record) => `Balancer apply on ${record.host} (plan of ${record.planCreatedAt}) ${record.outcome}: ${record.message}`);
}
