// The files `ctha report <cluster>` takes besides the project: apply reports (as `ctha apply --json` prints
// them, or wrapped as `apply.run` returns them with their plan) and the plans they applied. Which plan each
// report applied is the engine's to decide (report.run, engine/api/handlers/pair-applies.ts).
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CthaApi } from '../../shared/contract/api.js';
import { ApplyReportSchema } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { formatIssues, issuesFromZod } from '../../shared/project/issues.js';
import type { AppliedRun } from '../../shared/report/assemble-evidence.js';
import { UsageError } from './usage-error.js';

// An apply report of a few hundred instances is well under this; anything larger is not one.
const MAX_APPLY_REPORT_BYTES = 64 * 1024 * 1024;

/** One apply report file as read: the report, the plan when the file carried it, and where it came from. */
export interface ApplyReportFile extends AppliedRun {
  readonly path: string;
}

/**
 * Reads an apply report: the bare report `ctha apply --json` prints, or an object with it under `report`
 * (and optionally the applied plan under `plan`, as the `apply.run` operation returns them).
 */
export async function readApplyReportFile(path: string, api: Pick<CthaApi, 'plan.read'>): Promise<ApplyReportFile> {
  const absolute = resolve(path);
  let text: string;
  try {
    if ((await stat(absolute)).size > MAX_APPLY_REPORT_BYTES)
      throw new UsageError(`${absolute} is larger than ${MAX_APPLY_REPORT_BYTES} bytes; not an apply report`);
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `apply report ${absolute} not found` : `cannot read ${absolute}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${absolute} is not JSON: ${(error as Error).message}`);
  }
  const wrapped = value !== null && typeof value === 'object' && 'report' in value;
  const report = ApplyReportSchema.safeParse(wrapped ? (value as { report: unknown }).report : value);
  if (!report.success) {
    throw new UsageError(
      `${absolute} is not an apply report (the JSON of ctha apply --json, or {"report": ...}):\n${formatIssues(issuesFromZod(report.error).slice(0, 20))}`,
    );
  }
  const planValue = wrapped ? (value as { plan?: unknown }).plan : undefined;
  const plan = planValue === undefined ? undefined : await api['plan.read']({ plan: planValue, source: `${absolute} (its plan)` });
  if (plan !== undefined && plan.createdAt !== report.data.planCreatedAt) {
    throw new UsageError(
      `${absolute}: the plan it carries was made ${plan.createdAt}, but the report applied a plan made ${report.data.planCreatedAt}`,
    );
  }
  return { path: absolute, report: report.data, ...(plan === undefined ? {} : { plan }) };
}

/** Reads plan files (`ctha plan --out`), each checked as `ctha apply` checks a saved plan (the engine's `plan.read`). */
export async function readPlanFiles(paths: readonly string[], api: Pick<CthaApi, 'plan.read'>): Promise<PlanDocument[]> {
  return Promise.all(paths.map((path) => api['plan.read']({ path })));
}
