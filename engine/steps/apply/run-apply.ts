// An apply as one call: a saved plan applied exactly, or a project planned and applied; journal first, confirmation before any write.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';
import { alertTargetOf, readRunBalancer } from '../audit/balancer-audit.js';
import { ApplyJournal } from '../journal/apply-journal.js';
import { looksLikePlan, parsePlan } from '../plan/plan-file.js';
import { openStepRun, planOpenRun } from '../plan/run-plan.js';
import type { PlanRunOptions } from '../plan/run-plan.js';
import type { ClusterRunDeps } from '../run/run-types.js';
import { applyPlan } from './apply-plan.js';
import type { ApplyOptions } from './apply-types.js';
import { reobserver } from './reobserve.js';
import { resumePending } from './resume-pending.js';

/** Options of an apply run. */
export interface ApplyRunOptions extends ApplyOptions, Omit<PlanRunOptions, 'out'> {
  /**
   * Asked with the plan before anything is written (not asked when nothing would change); false cancels.
   * Absent: no question (the caller confirmed already, e.g. --yes or the wizard's button).
   */
  readonly confirm?: (plan: PlanDocument) => Promise<boolean>;
}

/** What an apply run did. `report` is absent when the confirmation was declined (nothing written, nothing resumed). */
export interface ApplyRun {
  readonly plan: PlanDocument;
  readonly report?: ApplyReport;
  readonly accepted: readonly PinnedHostKey[];
  readonly projectSaved: boolean;
}

/** Reads `path` as a plan (planFormatVersion) or a project; a plan's project must still describe the same instances. */
export async function openApplyTarget(path: string): Promise<{ kind: 'plan'; plan: PlanDocument; projectPath: string } | { kind: 'project'; projectPath: string }> {
  const absolute = resolve(path);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(absolute, 'utf8'));
  } catch {
    // Not JSON (or unreadable): the project reader gives the precise error.
    return { kind: 'project', projectPath: absolute };
  }
  if (!looksLikePlan(value)) return { kind: 'project', projectPath: absolute };
  const plan = parsePlan(value, absolute);
  return { kind: 'plan', plan, projectPath: plan.project.path };
}

/** Refuses a saved plan whose instances the project no longer has (or reaches elsewhere). */
export function checkPlanMatchesProject(plan: PlanDocument, project: Project): void {
  for (const planned of plan.instances) {
    const instance = project.instances.find((candidate) => candidate.name === planned.name);
    if (!instance || instance.host !== planned.host || instance.os !== planned.os) {
      throw new ApiError({ code: 'invalid-input', message: `the plan's instance ${planned.name} (${planned.os} at ${planned.host}) is not in ${plan.project.path} any more; make a new plan` });
    }
  }
  if (project.referenceInstance !== plan.referenceInstance) {
    throw new ApiError({ code: 'invalid-input', message: `the plan was made against reference ${plan.referenceInstance}; the project now names ${project.referenceInstance}; make a new plan` });
  }
}

/**
 * Opens the run, resumes what an interrupted apply left in the journal, then plans (for a project) or
 * takes the saved plan, asks for confirmation when asked to, and applies. Sessions are closed before it resolves.
 */
export async function runApplyOnce(path: string, deps: ClusterRunDeps, options: ApplyRunOptions = {}): Promise<ApplyRun> {
  const target = await openApplyTarget(path);
  const opened = await readProjectFile(target.projectPath);
  if (target.kind === 'plan') checkPlanMatchesProject(target.plan, opened.project);
  const journal = await ApplyJournal.open(opened.path);
  const run = await openStepRun(opened.project, deps, options);
  try {
    let plan: PlanDocument;
    let projectSaved = false;
    // A saved plan is confirmed before anything is touched, the journal's leftovers included.
    if (target.kind === 'plan') {
      plan = target.plan;
      if (options.confirm && plan.summary.changes > 0 && !(await options.confirm(plan))) return { plan, accepted: run.accepted, projectSaved };
      if (run.accepted.length > 0) {
        await writeProjectFile(opened.path, run.project);
        projectSaved = true;
      }
    }
    const resumed = await resumePending(run, journal, options);
    if (target.kind === 'project') {
      ({ plan, projectSaved } = await planOpenRun(run, opened.path, opened.sha256, options));
      if (options.confirm && plan.summary.changes > 0 && !(await options.confirm(plan))) return { plan, accepted: run.accepted, projectSaved };
    } else plan = target.plan;
    let context: ReturnType<typeof readRunBalancer> | undefined;
    const reobserve = reobserver(
      () => {
        const member = run.member(plan.referenceInstance);
        return member?.ok ? member : undefined;
      },
      async () => {
        context ??= readRunBalancer(run, options.balancerConf);
        const alert = alertTargetOf(await context, run.project.balancer?.host);
        return alert.value ? { reqRuleName: run.project.reqRuleName, balancer: alert.value } : { reqRuleName: run.project.reqRuleName };
      },
    );
    const report = await applyPlan({ run, plan, planSource: target.kind === 'plan' ? 'saved' : 'fresh', journal, options, resumed, reobserve });
    return { plan, report, accepted: run.accepted, projectSaved };
  } finally {
    await run.close();
  }
}
