// An apply as one call: a saved plan re-derived from the live hosts and applied only as re-derived, or a
// project planned and applied; the journal's leftovers first, the confirmation (of the bytes to write) before any write.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../shared/contract/errors.js';
import { NOT_STARTED_CANCELLED } from './apply-instance.js';
import type { ApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import { readProjectFile } from '../../project/project-file.js';
import { ApplyJournal } from '../journal/apply-journal.js';
import { looksLikePlan, parsePlan, withoutSensitiveBytes } from '../plan/plan-file.js';
import { openStepRun, planOpenRun } from '../plan/run-plan.js';
import type { PlanRunOptions } from '../plan/run-plan.js';
import type { ClusterRunDeps } from '../run/run-types.js';
import { applyPlan } from './apply-plan.js';
import { compareRederived, planWrites } from './rederive.js';
import type { ApplyOptions } from './apply-types.js';
import { reobserver } from './reobserve.js';
import { resumePending } from './resume-pending.js';
import { auditContext } from '../plan/create-plan.js';
import { applyBalancerStep } from './apply-balancer-step.js';
import { resumeBalancerStep } from './balancer-resume.js';

/** Options of an apply run. */
export interface ApplyRunOptions extends ApplyOptions, Omit<PlanRunOptions, 'out'> {
  /**
   * Asked with the plan before anything is written (not asked when no instance has a change); false cancels.
   * The plan given is the one that will be written, re-derived from the live hosts (diffs, groups, totals),
   * without sensitive bytes. Absent: no question (the caller confirmed already, e.g. --yes or the wizard's button).
   */
  readonly confirm?: (plan: PlanDocument) => Promise<boolean>;
  /** Test hook: whether Balancer answers on matching_port after its start (default: a TCP connection). */
  readonly balancerAnswers?: (host: string, port: number) => Promise<boolean>;
}

/**
 * What an apply run did. `report` is absent when the confirmation was declined (nothing of the plan was
 * written; the journal's leftovers of an earlier, confirmed apply may have been resumed first).
 */
export interface ApplyRun {
  /** The plan as applied (re-derived for a saved plan), without sensitive bytes. */
  readonly plan: PlanDocument;
  readonly report?: ApplyReport;
  readonly accepted: readonly PinnedHostKey[];
  readonly projectSaved: boolean;
}

/** Reads `path` as a plan (planFormatVersion) or a project; a plan's project must still describe the same instances. */
export async function openApplyTarget(
  path: string,
): Promise<{ kind: 'plan'; plan: PlanDocument; projectPath: string } | { kind: 'project'; projectPath: string }> {
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
      throw new ApiError({
        code: 'invalid-input',
        message: `the plan's instance ${planned.name} (${planned.os} at ${planned.host}) is not in ${plan.project.path} any more; make a new plan`,
      });
    }
    // The extra writable paths are the project's to grant, not the plan file's.
    if (JSON.stringify(planned.allowedPaths ?? []) !== JSON.stringify(instance.allowedPaths ?? [])) {
      throw new ApiError({
        code: 'invalid-input',
        message: `the plan's instance ${planned.name} field allowedPaths is ${JSON.stringify(planned.allowedPaths ?? [])}, but ${plan.project.path} gives ${JSON.stringify(instance.allowedPaths ?? [])}; make a new plan`,
      });
    }
  }
  if (project.referenceInstance !== plan.referenceInstance) {
    throw new ApiError({
      code: 'invalid-input',
      message: `the plan was made against reference ${plan.referenceInstance}; the project now names ${project.referenceInstance}; make a new plan`,
    });
  }
}

/**
 * Opens the run, resumes what an interrupted apply left in the journal (it completes or undoes an earlier,
 * confirmed apply), then plans from the live hosts: for a saved plan with its requirements, compared with
 * it (compareRederived: any difference on an instance whose files are as planned refuses the whole apply);
 * then asks for confirmation with the plan that will be written, and applies it: the instances first, then
 * the Balancer's section (applyBalancerStep). An unfinished Balancer step of an earlier apply is completed
 * or undone first (resumeBalancerStep), or the apply refused naming its files. Sessions are closed before it resolves.
 */
export async function runApplyOnce(path: string, deps: ClusterRunDeps, options: ApplyRunOptions = {}): Promise<ApplyRun> {
  const target = await openApplyTarget(path);
  const opened = await readProjectFile(target.projectPath);
  if (target.kind === 'plan') checkPlanMatchesProject(target.plan, opened.project);
  const journal = await ApplyJournal.open(opened.path);
  const run = await openStepRun(opened.project, deps, options);
  try {
    const pending = journal.entries().length;
    if (pending > 0) run.progress.step('resume', 'started', { detail: `${pending} instance(s) left by an interrupted apply` });
    // Resuming completes or undoes an earlier apply's writes: a cancel waits for it.
    const resumed = await run.control.protect(() => resumePending(run, journal, options));
    if (pending > 0) run.progress.step('resume', 'done', { detail: `${resumed.size} instance(s) resumed` });
    // An unfinished Balancer step is completed or undone before anything is planned (or the apply refused, naming its files).
    const balancerResumed = await run.control.protect(() =>
      resumeBalancerStep(run, opened.path, {
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.balancerAnswers === undefined ? {} : { answers: options.balancerAnswers }),
      }),
    );
    run.control.check('the plan was re-derived; nothing of this apply was written');
    let applied: PlanDocument;
    let shown: PlanDocument;
    // The same code and inputs that made a saved plan: its requirements, this run's Balancer context.
    const planned = await planOpenRun(
      run,
      opened,
      target.kind === 'plan'
        ? {
            ...options,
            requirements: target.plan.requirements,
            balancer: target.plan.balancerIncluded ?? target.plan.balancer !== undefined,
            replaceStaleBalancerCerts: target.plan.balancer?.replaceStaleCerts === true,
          }
        : options,
    );
    const projectSaved = planned.projectSaved;
    if (target.kind === 'plan') ({ applied, shown } = compareRederived(target.plan, planned.plan, resolve(path)));
    else {
      applied = planned.plan;
      shown = withoutSensitiveBytes(applied);
    }
    // The hosts' reads may have been refused by a cancel: such a plan is never confirmed nor applied.
    run.control.check('anything was written; the plan was not applied');
    // Decided from the changes themselves: a summary saying 0 never skips the question.
    if (options.confirm && planWrites(applied) && !(await options.confirm(shown)))
      return { plan: shown, accepted: run.accepted, projectSaved };
    // The plan's audit is the "before" of every instance and its Balancer context the verdict's: read once.
    const context = auditContext(planned.audit);
    const reobserve = reobserver(
      () => {
        const member = run.member(applied.referenceInstance);
        return member?.ok ? member : undefined;
      },
      () => Promise.resolve(context),
      planned.audit,
    );
    run.control.check('anything was written; the plan was not applied');
    const report = await applyPlan({
      run,
      plan: applied,
      planSource: target.kind === 'plan' ? 'saved' : 'fresh',
      journal,
      options,
      resumed,
      reobserve,
    });
    // Stopped between instances: the report's instances say which were done; the Balancer step is not started.
    if (run.control.cancelled) throw cancelledApply(report, applied.balancer !== undefined);
    // The Balancer last (issue 14): only what the applied plan's section lists, with this run's bytes.
    if (applied.balancer !== undefined || balancerResumed !== undefined) {
      const step = await run.control.protect(() =>
        applyBalancerStep(run, {
          section: applied.balancer ?? noBalancerChanges(opened.project),
          plan: planned.balancer,
          projectPath: opened.path,
          instances: report.instances,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.balancerAnswers === undefined ? {} : { answers: options.balancerAnswers }),
          ...(options.hooks?.beforeStep === undefined ? {} : { beforeStep: options.hooks.beforeStep }),
        }),
      );
      const balancer = balancerResumed === undefined ? step : { ...step, resumed: balancerResumed };
      const wrote = balancer.files.some((file) => file.status !== 'not-written') || balancerResumed !== undefined;
      return { plan: shown, report: { ...report, balancer, changed: report.changed || wrote }, accepted: run.accepted, projectSaved };
    }
    return { plan: shown, report, accepted: run.accepted, projectSaved };
  } finally {
    await run.close();
  }
}

/** An empty Balancer section: the report's Balancer part then only says what the resume of an unfinished step did. */
function noBalancerChanges(project: Project): NonNullable<PlanDocument['balancer']> {
  const host = project.balancer;
  return {
    host: host?.host ?? 'Balancer',
    os: host?.os ?? 'linux',
    balancerDir: '/',
    allowedPaths: [],
    endpoint: null,
    replaceStaleCerts: false,
    changes: [],
    problems: [],
  };
}

/**
 * The `cancelled` error of an apply stopped between instances: its message says which instances were done
 * (as they ended: applied, unchanged, rolled back) and which were not started; its issues give one line per instance.
 */
export function cancelledApply(report: ApplyReport, balancerPlanned: boolean): ApiError {
  const notStarted = report.instances.filter((result) => result.outcome === 'skipped' && result.message === NOT_STARTED_CANCELLED);
  const done = report.instances.filter((result) => !notStarted.includes(result));
  const list = (results: readonly ApplyReport['instances'][number][], describe: (result: ApplyReport['instances'][number]) => string) =>
    results.length === 0 ? 'none' : results.map(describe).join(', ');
  return new ApiError({
    code: 'cancelled',
    message:
      `The apply was cancelled by the engineer; no instance was left half-written. ` +
      `Done: ${list(done, (result) => `${result.instance} (${result.outcome})`)}. ` +
      `Not started: ${list(notStarted, (result) => result.instance)}.` +
      (balancerPlanned ? ' The Balancer step was not started.' : ''),
    issues: report.instances.map((result) => ({ path: `instances.${result.instance}`, message: `${result.outcome}: ${result.message}` })),
  });
}
