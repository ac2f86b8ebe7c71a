// A plan as one call: open the run, audit, pin accepted keys, plan, save; what the contract handler and `ctha plan` use.
import { ApiError } from '../../../shared/contract/errors.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import { balancerInScope } from '../../../shared/plan/steps.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import type { OpenedProject } from '../../project/project-file.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import { auditCluster } from '../audit/audit-cluster.js';
import { auditReport } from '../audit/audit-report.js';
import type { ClusterAudit } from '../audit/types.js';
import { openClusterRun } from '../run/open-cluster-run.js';
import type { ClusterRun, ClusterRunDeps, ClusterRunOptions } from '../run/run-types.js';
import type { BalancerPlan } from './balancer-changes.js';
import { planBalancerChanges } from './balancer-changes.js';
import { createPlan } from './create-plan.js';
import { plannedBalancer } from './planned-balancer.js';
import { withoutSensitiveBytes, writePlanFile } from './plan-file.js';

/** Options of a plan run. */
export interface PlanRunOptions extends Pick<ClusterRunOptions, 'timeouts' | 'reviewWindowMs'> {
  readonly requirements?: readonly RequirementId[];
  /**
   * Whether to plan the Balancer's fixes (`--steps ...,balancer`); default (balancerInScope): only when every
   * requirement is planned, so `--steps 1,6` leaves the Balancer alone.
   */
  readonly balancer?: boolean;
  /** Where to save the plan (JSON); not saved when absent. */
  readonly out?: string;
  /** A local kl_balancer.conf for the alerts item. */
  readonly balancerConf?: string;
  /**
   * Plan the replacement of Balancer's stale stored instance certificates (`--replace-stale-balancer-certs`):
   * it changes what Balancer trusts, and Balancer replaces them itself only when told to (REFERENCE 3.6).
   */
  readonly replaceStaleBalancerCerts?: boolean;
}

/** What a plan run produced (the plan without sensitive bytes: they are never shown or stored). */
export interface PlanRun {
  readonly plan: PlanDocument;
  readonly savedTo?: string;
  readonly accepted: readonly PinnedHostKey[];
  readonly projectSaved: boolean;
}

/** Opens the run the way every step does (the Balancer host too when its kl_balancer.conf is to be read over SSH). */
export function openStepRun(
  project: Parameters<typeof openClusterRun>[0],
  deps: ClusterRunDeps,
  options: PlanRunOptions,
): Promise<ClusterRun> {
  return openClusterRun(project, deps, {
    balancer: options.balancerConf === undefined && project.balancer !== undefined,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.reviewWindowMs === undefined ? {} : { reviewWindowMs: options.reviewWindowMs }),
  });
}

/**
 * Refuses, before any host is read, a scope with nothing in it: no requirement and no Balancer, or the
 * Balancer alone in a project without a Balancer host. Returns whether the Balancer is planned.
 */
export function refuseEmptyScope(project: Pick<Project, 'balancer'>, options: Pick<PlanRunOptions, 'requirements' | 'balancer'>): boolean {
  const balancerIncluded = balancerInScope(options.requirements, options.balancer);
  if (options.requirements?.length === 0 && (!balancerIncluded || project.balancer === undefined))
    throw new ApiError({
      code: 'invalid-input',
      message: balancerIncluded
        ? `--steps balancer alone: the project has no Balancer host (its "balancer" entry), so there is nothing to plan; nothing was planned`
        : 'no step to plan: name at least one of 1-8, alerts or balancer; nothing was planned',
    });
  return balancerIncluded;
}

/** Audits the open run and plans it; keys accepted in the run are pinned into the project first, so the plan records the saved file's digest. */
export async function planOpenRun(
  run: ClusterRun,
  opened: OpenedProject,
  options: PlanRunOptions,
): Promise<{ plan: PlanDocument; projectSaved: boolean; audit: ClusterAudit; balancer?: BalancerPlan }> {
  const balancerIncluded = refuseEmptyScope(run.project, options);
  const audit = await auditCluster(run, options.balancerConf === undefined ? {} : { balancerConf: options.balancerConf });
  const balancer = balancerIncluded ? await planBalancer(run, audit, options) : undefined;
  const saved = await savePinnedKeys(opened, run.accepted);
  const projectPath = opened.path;
  const sha256 = saved.sha256;
  run.progress.step('plan', 'started');
  let plan: PlanDocument;
  try {
    plan = createPlan({
      audit,
      projectPath,
      projectSha256: sha256,
      ...(options.requirements ? { requirements: options.requirements } : {}),
      ...(balancer === undefined ? {} : { balancer: balancer.section }),
      balancerIncluded,
    });
  } catch (error) {
    run.progress.step('plan', 'failed', { detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  const changing = plan.instances.filter((instance) => instance.changes.length > 0).length;
  run.progress.step('plan', 'done', {
    detail: `${changing} of ${plan.instances.length} instance(s) to change`,
    done: plan.instances.length,
    total: plan.instances.length,
  });
  return { plan, projectSaved: saved.projectSaved, audit, ...(balancer === undefined ? {} : { balancer: balancer.plan }) };
}

/**
 * The Balancer's changes (issue 14), when the run opened the project's Balancer host and its audit read
 * it: planned from the same audit, after the instances' (they are applied last). A stale stored
 * certificate only with `replaceStaleBalancerCerts`.
 */
async function planBalancer(
  run: ClusterRun,
  audit: ClusterAudit,
  options: PlanRunOptions,
): Promise<{ plan: BalancerPlan; section: NonNullable<PlanDocument['balancer']> } | undefined> {
  const host = run.project.balancer;
  if (host === undefined || run.balancer === undefined) return undefined;
  const report = auditReport(audit, run.transcript.entries(), run.redactor);
  const replaceStaleCerts = options.replaceStaleBalancerCerts === true;
  let plan: BalancerPlan | undefined;
  try {
    plan = await planBalancerChanges(run, report, run.project.alerts ?? 'not-required', { replaceStaleCerts });
  } catch (error) {
    // A Balancer host failing mid-read leaves the instances' plan intact; its section says why it is empty.
    const balancerDir = report.balancer.facts?.host?.balancerDir;
    if (balancerDir === undefined) return undefined;
    plan = {
      balancerDir,
      policy: { serviceDir: balancerDir, allowedPaths: [] },
      changes: [],
      problems: [`the Balancer's changes could not be planned: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  if (plan === undefined) return undefined;
  return { plan, section: plannedBalancer(plan, report, host, { replaceStaleCerts }) };
}

/** Reads the project, plans every instance, saves the plan when asked; sessions are closed before it resolves. */
export async function runPlanOnce(projectPath: string, deps: ClusterRunDeps, options: PlanRunOptions = {}): Promise<PlanRun> {
  const opened = await readProjectFile(projectPath);
  refuseEmptyScope(opened.project, options);
  const run = await openStepRun(opened.project, deps, options);
  try {
    const { plan, projectSaved } = await planOpenRun(run, opened, options);
    run.control.check('the plan file was written');
    const savedTo = options.out === undefined ? undefined : await writePlanFile(options.out, plan);
    // What is shown and sent never carries a certificate's or a key's bytes.
    return { plan: withoutSensitiveBytes(plan), ...(savedTo === undefined ? {} : { savedTo }), accepted: run.accepted, projectSaved };
  } finally {
    await run.close();
  }
}
