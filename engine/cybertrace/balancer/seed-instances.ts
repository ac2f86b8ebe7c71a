// Seeding a project's instance list from kl_balancer.conf: hosts and nothing else are taken from the file.
import type { BalancerFacts } from '../../../shared/contract/ops/audit.js';
import type { ValidationIssue } from '../../../shared/project/issues.js';
import { validateProject } from '../../../shared/project/parse.js';
import { freeInstanceName, instanceNameFromHost } from '../../../shared/project/instance-name.js';
import type { Instance, Project } from '../../../shared/project/schema.js';

/** What kl_balancer.conf cannot say about an instance: the engineer gives it, the tool never guesses it. */
export interface SeedHostSettings {
  readonly os: Instance['os'];
  readonly user: string;
  readonly auth: Instance['auth'];
  readonly privilege: Instance['privilege'];
  /** SSH port (default 22). */
  readonly port?: number;
  readonly serviceDir?: string;
}

/** The seeded project, or every problem that kept it from being valid. */
export type SeedResult =
  | { readonly ok: true; readonly project: Project; readonly added: readonly string[]; readonly skipped: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Adds one instance per Balancer `Instance` whose host the project does not have yet (hosts compared
 * without case), with the engineer's settings. A new project (`existing` undefined) is named `name`
 * and takes its first instance as the reference. The result is validated; nothing is written here.
 */
export function seedInstances(
  existing: Project | undefined,
  facts: BalancerFacts,
  settings: SeedHostSettings,
  name = 'CyberTrace cluster',
): SeedResult {
  const known = new Set((existing?.instances ?? []).map((instance) => instance.host.toLowerCase()));
  const names = new Set((existing?.instances ?? []).map((instance) => instance.name));
  const added: Instance[] = [];
  const skipped: string[] = [];
  for (const entry of facts.instances) {
    if (entry.host === '' || known.has(entry.host.toLowerCase())) {
      skipped.push(entry.host === '' ? '(an Instance without host)' : `${entry.host} (already in the project)`);
      continue;
    }
    known.add(entry.host.toLowerCase());
    const instanceName = freeInstanceName(instanceNameFromHost(entry.host), (taken) => names.has(taken));
    names.add(instanceName);
    added.push({
      name: instanceName,
      host: entry.host,
      port: settings.port ?? 22,
      os: settings.os,
      user: settings.user,
      auth: settings.auth,
      privilege: settings.privilege,
      ...(settings.serviceDir === undefined ? {} : { serviceDir: settings.serviceDir }),
    });
  }
  const instances = [...(existing?.instances ?? []), ...added];
  const candidate = existing
    ? { ...existing, instances }
    : { schemaVersion: 1, name, instances, referenceInstance: instances[0]?.name ?? '' };
  const validated = validateProject(candidate);
  if (!validated.ok) return validated;
  return { ok: true, project: validated.project, added: added.map((instance) => instance.name), skipped };
}
