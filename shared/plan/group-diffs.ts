// Identical diffs shown once (ansible#56773): instances grouped by the set of (relative path, diff body) of their changes.
import type { DiffGroup, GroupedChange, PlanDocument, PlannedBalancer, PlannedInstance } from './plan-document.js';

/** A unified diff without its `---`/`+++` header lines, which name each instance's own path. */
export function diffBody(unifiedDiff: string): string {
  const lines = unifiedDiff.split('\n');
  const hunk = lines.findIndex((line) => line.startsWith('@@'));
  return hunk < 0 ? unifiedDiff : lines.slice(hunk).join('\n');
}

/** The path of `path` inside `serviceDir` with `/` separators; the path itself when it is outside (or the dir is unknown). */
export function relativeToServiceDir(path: string, serviceDir: string | null, os: 'linux' | 'windows'): string {
  if (serviceDir === null) return path;
  const sep = os === 'linux' ? '/' : '\\';
  const base = serviceDir.endsWith(sep) ? serviceDir : `${serviceDir}${sep}`;
  // Windows paths are case-insensitive; Linux paths are not.
  const inside = os === 'linux' ? path.startsWith(base) : path.toLowerCase().startsWith(base.toLowerCase());
  return inside ? path.slice(base.length).split(sep).join('/') : path;
}

/** Groups the instances that have changes; instances appear in plan order, groups in order of their first instance. */
export function groupDiffs(instances: readonly PlannedInstance[]): DiffGroup[] {
  const groups = new Map<string, { instances: string[]; changes: GroupedChange[] }>();
  for (const instance of instances) {
    if (instance.changes.length === 0) continue;
    const changes = instance.changes.map((change): GroupedChange => {
      const newRelativePath =
        change.newPath === undefined ? undefined : relativeToServiceDir(change.newPath, instance.serviceDir, instance.os);
      return {
        relativePath: change.relativePath,
        kind: change.kind,
        ...(newRelativePath === undefined ? {} : { newRelativePath }),
        requirements: [...change.requirements],
        restart: change.restart,
        diffBody: diffBody(change.unifiedDiff),
        ...(change.sensitive === undefined ? {} : { sensitive: { ...change.sensitive } }),
      };
    });
    // A set: the order in which a fixer listed the files does not split a group.
    const key = JSON.stringify(
      changes
        .map((change) => [change.relativePath, change.kind, change.newRelativePath ?? '', change.diffBody])
        .sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : a.join('\0') > b.join('\0') ? 1 : 0)),
    );
    const group = groups.get(key);
    if (group) group.instances.push(instance.name);
    else groups.set(key, { instances: [instance.name], changes });
  }
  return [...groups.values()];
}

/**
 * The plan's totals, computed from its instances and its Balancer section when there is one (never taken
 * from a saved file: apply recomputes and compares).
 */
export function planSummary(instances: readonly PlannedInstance[], balancer?: PlannedBalancer): PlanDocument['summary'] {
  return {
    ...(balancer === undefined ? {} : { balancerChanges: balancer.changes.length }),
    changes: instances.reduce((sum, instance) => sum + instance.changes.length, 0),
    instancesWithChanges: instances.filter((instance) => instance.changes.length > 0).length,
    refusals: instances.reduce((sum, instance) => sum + instance.refusals.length, 0),
    errors: instances.filter((instance) => instance.status === 'error').length,
  };
}
