// A plan applied to the cluster: rolling by default (one at a time, the reference last, the next only after
// the previous is ready), so the cluster keeps serving; in parallel only when asked.
import { readyDeadlineInEffect } from '../../../shared/contract/ops/plan-apply.js';
import type { ApplyReport, InstanceApplyResult, InstanceOutcome, ResumeResult } from '../../../shared/plan/apply-report.js';
import { INSTANCE_OUTCOMES } from '../../../shared/plan/apply-report.js';
import type { PlanDocument, PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { ApplyJournal } from '../journal/apply-journal.js';
import type { ClusterRun } from '../run/run-types.js';
import { applyInstance, NOT_STARTED_CANCELLED } from './apply-instance.js';
import type { ApplyOptions } from './apply-types.js';
import type { Reobserve } from './reobserve.js';
import { checkFreshness } from './stale-check.js';

/** What applying a plan needs besides the plan. */
export interface ApplyPlanInput {
  readonly run: ClusterRun;
  readonly plan: PlanDocument;
  readonly planSource: ApplyReport['planSource'];
  readonly journal: ApplyJournal;
  readonly options: ApplyOptions;
  /** Results of resuming an interrupted run, by instance (shown with each instance). */
  readonly resumed?: ReadonlyMap<string, ResumeResult>;
  /** Observation before and after an instance's writes (see applyInstance). */
  readonly reobserve?: Reobserve;
}

/** Applies every planned instance; never throws for a host's failure. */
export async function applyPlan(input: ApplyPlanInput): Promise<ApplyReport> {
  const { run, plan, journal, reobserve } = input;
  const rolling = input.options.rolling ?? true;
  const readyDeadline = readyDeadlineInEffect(input.options.readyDeadlineMs, run.project.readyDeadlineMs);
  const options: ApplyOptions = { ...input.options, readyDeadlineMs: readyDeadline.ms };
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // The new bytes were computed from the reference's files: a changed reference makes every change stale.
  run.progress.step('apply', 'started', { detail: rolling ? 'rolling: one instance at a time, the reference last' : 'parallel' });
  const referenceProblem = await referenceStaleness(run, plan);
  const tally = run.progress.tally('apply', plan.instances.length);
  const one = async (planned: PlannedInstance): Promise<InstanceApplyResult> => {
    tally.start(planned.name, `${planned.changes.length} change(s)`);
    const result = await applyOne(planned);
    tally.end(planned.name, !FAILED_OUTCOMES.has(result.outcome), `${result.outcome}: ${result.message}`);
    return result;
  };
  const applyOne = async (planned: PlannedInstance): Promise<InstanceApplyResult> => {
    const result = await applyUnlessCancelled(planned);
    // A host operation refused because the run was cancelled (before the instance's writes began) is no refusal of the plan.
    if (run.control.cancelled && result.outcome === 'refused' && result.files.every((file) => file.status === 'not-written'))
      return notAttempted(planned.name, 'skipped', NOT_STARTED_CANCELLED);
    return result;
  };
  const applyUnlessCancelled = async (planned: PlannedInstance): Promise<InstanceApplyResult> => {
    if (run.control.cancelled) return notAttempted(planned.name, 'skipped', NOT_STARTED_CANCELLED);
    const member = run.member(planned.name);
    if (!member) return notAttempted(planned.name, 'skipped', 'the instance is not in the project any more');
    if (!member.ok)
      return notAttempted(
        planned.name,
        planned.changes.length === 0 ? 'skipped' : 'refused',
        `cannot reach the instance (${member.stage}): ${member.reason}`,
      );
    if (referenceProblem !== undefined && planned.changes.length > 0 && planned.name !== plan.referenceInstance)
      return notAttempted(planned.name, 'refused', referenceProblem);
    return applyInstance({
      member,
      planned,
      planCreatedAt: plan.createdAt,
      journal,
      options,
      readyDeadline,
      progress: run.progress,
      control: run.control,
      ...(reobserve
        ? { reobserve: { before: () => reobserve.before(member, planned), after: () => reobserve.after(member, planned) } }
        : {}),
    });
  };
  let results: InstanceApplyResult[];
  if (rolling) {
    const byName = new Map<string, InstanceApplyResult>();
    let stopped: string | undefined;
    for (const planned of rollingOrder(plan)) {
      if (stopped !== undefined && planned.changes.length > 0) {
        const skipped = notAttempted(planned.name, 'skipped', `the rolling apply stopped after ${stopped} did not end ready and applied`);
        tally.start(planned.name);
        tally.end(planned.name, true, `${skipped.outcome}: ${skipped.message}`);
        byName.set(planned.name, skipped);
        continue;
      }
      const result = await one(planned);
      byName.set(planned.name, result);
      if (['rolled-back', 'failed', 'interrupted'].includes(result.outcome)) stopped = planned.name;
    }
    // Listed in plan order like a parallel run's; startedAt and the steps say the order they ran in.
    results = plan.instances.map((planned) => byName.get(planned.name) ?? notAttempted(planned.name, 'skipped', 'not reached'));
  } else results = await Promise.all(plan.instances.map(one));
  for (const result of results) {
    const resumed = input.resumed?.get(result.instance);
    if (resumed) Object.assign(result, { resumed });
  }
  const failedCount = results.filter((result) => FAILED_OUTCOMES.has(result.outcome)).length;
  run.progress.step('apply', failedCount === 0 ? 'done' : 'failed', {
    detail: failedCount === 0 ? 'every instance applied, unchanged or skipped' : `${failedCount} instance(s) not applied`,
    done: results.length,
    total: results.length,
  });
  const summary = Object.fromEntries(
    INSTANCE_OUTCOMES.map((outcome) => [outcome, results.filter((result) => result.outcome === outcome).length]),
  ) as Record<InstanceOutcome, number>;
  const wroteNow = results.some((result) => result.files.some((file) => file.status !== 'not-written') && result.outcome !== 'unchanged');
  const wroteOnResume = [...(input.resumed?.values() ?? [])].some(
    (resumed) => resumed.outcome !== 'failed' && resumed.files.some((file) => file.status !== 'not-written'),
  );
  return {
    project: { name: plan.project.name, path: plan.project.path },
    planCreatedAt: plan.createdAt,
    planSource: input.planSource,
    mode: rolling ? 'rolling' : 'parallel',
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    changed: wroteNow || wroteOnResume,
    instances: results,
    summary,
    journal: { path: journal.path, pending: journal.entries().map((entry) => entry.instance) },
  };
}

/** Outcomes reported as a failed `apply` step: the instance did not end as planned. */
const FAILED_OUTCOMES: ReadonlySet<InstanceOutcome> = new Set(['refused', 'rolled-back', 'failed', 'interrupted']);

/** The order of a rolling apply: the plan's, with the reference moved last (it keeps serving until the others are back). */
export function rollingOrder(plan: Pick<PlanDocument, 'instances' | 'referenceInstance'>): PlannedInstance[] {
  return [
    ...plan.instances.filter((planned) => planned.name !== plan.referenceInstance),
    ...plan.instances.filter((planned) => planned.name === plan.referenceInstance),
  ];
}

function notAttempted(instance: string, outcome: InstanceOutcome, message: string): InstanceApplyResult {
  return { instance, outcome, message, restarted: false, files: [], steps: [], startedAt: new Date().toISOString(), durationMs: 0 };
}

/** Why the reference is not as planned (naming the file), or undefined when it is unchanged. */
async function referenceStaleness(run: ClusterRun, plan: PlanDocument): Promise<string | undefined> {
  if (!plan.instances.some((instance) => instance.changes.length > 0 && instance.name !== plan.referenceInstance)) return undefined;
  const planned = plan.instances.find((instance) => instance.name === plan.referenceInstance);
  const member = run.member(plan.referenceInstance);
  if (!planned) return `the plan does not record the reference instance ${plan.referenceInstance}'s files; nothing was written`;
  if (!member?.ok)
    return `the reference instance ${plan.referenceInstance} cannot be reached to confirm it is unchanged; nothing was written`;
  try {
    // Its own planned changes, already applied by an earlier run, do not make it stale.
    const found = await checkFreshness(member.dialect, planned);
    return found.kind === 'stale'
      ? `stale plan: the reference ${plan.referenceInstance}'s ${found.path} changed since the plan was made (expected ${found.expected}, found ${found.found}); nothing was written`
      : undefined;
  } catch (error) {
    return `the reference instance's files could not be re-read (${error instanceof Error ? error.message : String(error)}); nothing was written`;
  }
}
