// The plan: for every instance the audit could read, the fixers' exact new bytes against the reference; grouped diffs.
import type { PlanDocument, PlannedBalancer, PlannedInstance } from '../../../shared/plan/plan-document.js';
import { PLAN_FORMAT_VERSION } from '../../../shared/plan/plan-document.js';
import { groupDiffs, planSummary } from '../../../shared/plan/group-diffs.js';
import { ApiError } from '../../../shared/contract/errors.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { toolVersion } from '../../app/version.js';
import { planFixes } from '../../cybertrace/fix/index.js';
import type { ObserveContext } from '../../cybertrace/model/types.js';
import type { ClusterAudit, InstanceAudit } from '../audit/types.js';
import { observeContext } from '../audit/observe-context.js';
import { erroredInstance, plannedInstance } from './planned-instance.js';
import { readinessTarget } from './readiness-target.js';

/** What a plan is made from. */
export interface CreatePlanInput {
  /** The audit of the open run (its discovery, models and Balancer context are reused, not read again). */
  readonly audit: ClusterAudit;
  /** The project file the plan belongs to, and the SHA-256 of its bytes as saved. */
  readonly projectPath: string;
  readonly projectSha256: string;
  /** The requirements to plan (default: all). */
  readonly requirements?: readonly RequirementId[];
  readonly now?: Date;
  /** The Balancer's section (planned from the same audit), when the run read the Balancer host and the plan covers it. */
  readonly balancer?: PlannedBalancer;
  /** Whether the plan covers the Balancer's fixes (shared/plan/steps.ts balancerInScope); recorded in the plan. */
  readonly balancerIncluded?: boolean;
}

/** The fixers' context, exactly as the audit observed with it. */
export function auditContext(audit: ClusterAudit): ObserveContext {
  const target = audit.balancer.alertTarget.value;
  return observeContext(audit.project, target);
}

/**
 * Plans every instance against the reference: planFixes (the single code path apply writes with) on the
 * files discovery read. An instance that could not be read is in the plan with its error and no change;
 * a reference that could not be read leaves nothing to compare with, which is an error.
 */
export function createPlan(input: CreatePlanInput): PlanDocument {
  const { audit } = input;
  const project = audit.project;
  const requirements = REQUIREMENT_IDS.filter((id) => (input.requirements ?? REQUIREMENT_IDS).includes(id));
  const byName = new Map(audit.instances.map((instance) => [instance.name, instance]));
  const reference = byName.get(project.referenceInstance);
  const referenceSide = reference ? sideOf(reference) : undefined;
  if (!referenceSide) {
    const why = reference?.failure?.reason ?? 'it was not audited';
    throw new ApiError({
      code: 'io',
      message: `the reference instance ${project.referenceInstance} could not be read (${why}); nothing can be planned without it`,
    });
  }
  const ctx = auditContext(audit);
  const instances = project.instances.map((instance): PlannedInstance => {
    const audited = byName.get(instance.name);
    const side = audited ? sideOf(audited) : undefined;
    if (!audited?.member || !side)
      return erroredInstance(instance, audited?.failure ? `${audited.failure.stage}: ${audited.failure.reason}` : 'not audited');
    try {
      const fixes = planFixes(side, referenceSide, requirements, ctx);
      return plannedInstance(instance, audited.member.dialect, side.files, fixes, readinessTarget(instance.host, side.config));
    } catch (error) {
      return erroredInstance(instance, `planning failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return {
    planFormatVersion: PLAN_FORMAT_VERSION,
    project: { name: project.name, path: input.projectPath, sha256: input.projectSha256 },
    createdAt: (input.now ?? new Date()).toISOString(),
    toolVersion: toolVersion(),
    referenceInstance: project.referenceInstance,
    requirements,
    ...(input.balancerIncluded === undefined ? {} : { balancerIncluded: input.balancerIncluded }),
    instances,
    groups: groupDiffs(instances),
    ...(input.balancer === undefined ? {} : { balancer: input.balancer }),
    summary: planSummary(instances, input.balancer),
  };
}

function sideOf(
  audited: InstanceAudit,
): { files: NonNullable<NonNullable<InstanceAudit['discovery']>['files']>; config: NonNullable<InstanceAudit['config']> } | undefined {
  const files = audited.discovery?.files;
  return files && audited.config ? { files, config: audited.config } : undefined;
}
