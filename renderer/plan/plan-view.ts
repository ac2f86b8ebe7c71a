import type { DiffGroup, GroupedChange, PlanDocument, PlannedChange } from '../../shared/plan/plan-document.js';
import { describeScope } from '../../shared/plan/steps.js';

/** A group's change with the semantic diff of the group's first instance (identical diffs give identical semantic diffs). */
export function semanticOf(plan: PlanDocument, group: DiffGroup, change: GroupedChange): PlannedChange['semanticChanges'] {
  const first = plan.instances.find((instance) => instance.name === group.instances[0]);
  return (
    first?.changes.find((planned) => planned.relativePath === change.relativePath && planned.kind === change.kind)?.semanticChanges ?? []
  );
}

/** Instances that were read and need nothing for the planned requirements (refusals aside). */
export function unchangedInstances(plan: PlanDocument): string[] {
  return plan.instances
    .filter((instance) => instance.status === 'planned' && instance.changes.length === 0)
    .map((instance) => instance.name);
}

/** The plan in one sentence: how much changes where (the Balancer's too), what is left to do by hand, what could not be read. */
export function planSummary(plan: PlanDocument): string {
  const { changes, instancesWithChanges, refusals, errors } = plan.summary;
  const scope = `Requirements ${describeScope(plan.requirements, plan.balancer !== undefined)}.`;
  const what =
    changes === 0
      ? 'Nothing to change: the planned requirements already match the reference on every instance that could be read.'
      : `${changes} file change(s) on ${instancesWithChanges} instance(s), in ${plan.groups.length} group(s) of identical changes.`;
  const manual = refusals === 0 ? '' : ` ${refusals} item(s) need manual steps.`;
  const unread = errors === 0 ? '' : ` ${errors} instance(s) could not be read and get no change.`;
  const balancer = plan.summary.balancerChanges ?? 0;
  const onBalancer = balancer === 0 ? '' : ` ${balancer} Balancer file change(s), applied after the instances.`;
  return `${scope} ${what}${onBalancer}${manual}${unread}`;
}
