// The plan for people: identical diffs shown once per group, then manual steps, then the totals.
import type { PlanDocument, PlannedBalancer } from '../../../shared/plan/plan-document.js';
import { describeScope } from '../../../shared/plan/steps.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { REQUIREMENT_TITLES } from '../../../shared/requirements/ids.js';

/**
 * The plan as text lines (no trailing newline per line), for the CLI and the apply confirmation. Apply
 * passes the re-derived plan, so every diff shown here was computed from the bytes that will be written;
 * a sensitive file's diff body is its one-line summary.
 */
export function planText(plan: PlanDocument): string[] {
  const lines: string[] = [];
  lines.push(
    `Plan for "${plan.project.name}" (${plan.project.path}), steps ${describeScope(plan.requirements, plan.balancer !== undefined)}${plan.balancerIncluded === false ? " (--steps without balancer: the Balancer's fixes are not planned)" : ''}, reference ${plan.referenceInstance}, made ${plan.createdAt}`,
  );
  // Paths outside a service folder the project lets the plan change: said before any diff.
  for (const instance of plan.instances) {
    if ((instance.allowedPaths ?? []).length > 0)
      lines.push(
        `Allowed outside the service folder on ${instance.name} (project allowedPaths): ${(instance.allowedPaths ?? []).join(', ')}`,
      );
  }
  for (const group of plan.groups) {
    lines.push('');
    lines.push(`== ${group.instances.join(', ')} (${group.instances.length} instance${group.instances.length === 1 ? '' : 's'}) ==`);
    for (const change of group.changes) {
      const what = change.kind === 'set-aside' ? `set aside -> ${change.newRelativePath ?? '?'}` : change.kind;
      lines.push(`-- ${change.relativePath}: ${what} (${change.requirements.join(', ')})${change.restart ? ' [service restart]' : ''}`);
      if (change.diffBody !== '') lines.push(...change.diffBody.replace(/\n$/, '').split('\n'));
    }
  }
  // Identical manual steps are shown once with every instance they concern, like the diffs.
  const refusals = new Map<string, { instances: string[]; requirement: RequirementId; reason: string; manual?: string }>();
  for (const instance of plan.instances) {
    for (const refusal of instance.refusals) {
      const key = JSON.stringify([refusal.requirement, refusal.reason, refusal.manual ?? '']);
      const known = refusals.get(key);
      if (known) known.instances.push(instance.name);
      else refusals.set(key, { instances: [instance.name], ...refusal });
    }
  }
  if (refusals.size > 0) {
    lines.push('', 'Not fixed by the tool (manual steps):');
    for (const refusal of refusals.values()) {
      lines.push(
        `  ${refusal.requirement} (${REQUIREMENT_TITLES[refusal.requirement]}) on ${refusal.instances.join(', ')}: ${refusal.reason}`,
      );
      if (refusal.manual !== undefined) lines.push(...refusal.manual.split('\n').map((line) => `      ${line}`));
    }
  }
  if (plan.balancer !== undefined) lines.push('', ...balancerPlanLines(plan.balancer));
  const errors = plan.instances.filter((instance) => instance.status === 'error');
  if (errors.length > 0) {
    lines.push('', 'Could not be planned:');
    for (const instance of errors) lines.push(`  ${instance.name}: ${instance.error ?? 'unknown error'}`);
  }
  const unchanged = plan.instances
    .filter((instance) => instance.status === 'planned' && instance.changes.length === 0)
    .map((instance) => instance.name);
  lines.push('');
  if (unchanged.length > 0) lines.push(`Nothing to change on: ${unchanged.join(', ')}`);
  const { summary } = plan;
  if ((summary.balancerChanges ?? 0) > 0)
    lines.push(`${summary.balancerChanges ?? 0} Balancer file change(s), applied after the instances with Balancer stopped and started.`);
  lines.push(
    summary.changes === 0
      ? `No ${(summary.balancerChanges ?? 0) > 0 ? 'instance ' : ''}changes planned${summary.refusals ? `; ${summary.refusals} manual step(s)` : ''}${summary.errors ? `; ${summary.errors} instance(s) not read` : ''}.`
      : `${summary.changes} file change(s) on ${summary.instancesWithChanges} instance(s)${summary.refusals ? `; ${summary.refusals} manual step(s)` : ''}${summary.errors ? `; ${summary.errors} instance(s) not read` : ''}.`,
  );
  return lines;
}

const BALANCER_WHAT: Record<PlannedBalancer['changes'][number]['kind'], string> = {
  listing: 'instance list',
  license: 'licence key copied',
  'license-set-aside': 'licence key set aside',
  'stored-cert': 'stored instance certificate replaced',
};

/**
 * The Balancer section (issue 14): where, the order apply follows (after the instances: stop Balancer,
 * back up and copy, start it, check matching_port), each change with its reason and diff or summary, and
 * what was not planned (a stale stored certificate without --replace-stale-balancer-certs).
 */
export function balancerPlanLines(balancer: PlannedBalancer): string[] {
  const at = balancer.endpoint === null ? 'no matching_port known' : `${balancer.endpoint.host}:${balancer.endpoint.port}`;
  const lines = [`== Balancer ${balancer.host} (${balancer.balancerDir}) ==`];
  if (balancer.allowedPaths.length > 0)
    lines.push(`Allowed outside the Balancer folder (project balancer.licenseDir): ${balancer.allowedPaths.join(', ')}`);
  if (balancer.changes.length === 0) lines.push('Nothing to change on the Balancer.');
  else
    lines.push(
      `After the instances: stop Balancer, back up and write these ${balancer.changes.length} file(s), start it, check it answers on ${at} (REFERENCE 3.6); any failure puts every file back.`,
    );
  for (const change of balancer.changes) {
    const moved = change.newPath === undefined ? '' : ` -> ${change.newPath}`;
    lines.push(
      `-- ${change.relativePath}${moved}: ${BALANCER_WHAT[change.kind]}${change.from === undefined ? '' : ` from ${change.from}`}`,
    );
    lines.push(`   why: ${change.reason}`);
    if (change.unifiedDiff !== '') lines.push(...change.unifiedDiff.replace(/\n$/, '').split('\n'));
  }
  if (balancer.problems.length > 0) {
    lines.push('Not planned on the Balancer:');
    for (const problem of balancer.problems) lines.push(`  ${problem}`);
  }
  return lines;
}
