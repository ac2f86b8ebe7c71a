import { describe, expect, it } from 'vitest';
import { parseBalancerConf } from '../../../engine/cybertrace/balancer/parse-balancer-conf.js';
import { seedInstances } from '../../../engine/cybertrace/balancer/seed-instances.js';
import { validateProject } from '../../../shared/project/parse.js';

const facts = parseBalancerConf(
  Buffer.from(
    '<Configuration><Balancer matching_port="9999" api_port="443" cybertrace_port="9998" scanners_count="5">10.0.0.5</Balancer><Instances><Instance matching_port="9999">10.0.0.11</Instance><Instance matching_port="9999">CT-2.corp</Instance><Instance matching_port="9999">ct-2.corp</Instance></Instances></Configuration>',
  ),
  'kl_balancer.conf',
);
const linux = { os: 'linux', user: 'ops', auth: { method: 'agent' }, privilege: 'sudo' } as const;

describe('seedInstances', () => {
  it("creates a project with one instance per Balancer host and only the engineer's settings", () => {
    const seeded = seedInstances(undefined, facts, { ...linux, port: 2222 }, 'prod');
    if (!seeded.ok) throw new Error(JSON.stringify(seeded.issues));
    expect(seeded.project.name).toBe('prod');
    expect(seeded.project.instances).toEqual([
      { name: '10.0.0.11', host: '10.0.0.11', port: 2222, os: 'linux', user: 'ops', auth: { method: 'agent' }, privilege: 'sudo' },
      { name: 'CT-2.corp', host: 'CT-2.corp', port: 2222, os: 'linux', user: 'ops', auth: { method: 'agent' }, privilege: 'sudo' },
    ]);
    expect(seeded.project.referenceInstance).toBe('10.0.0.11');
    expect(seeded.skipped).toEqual(['ct-2.corp (already in the project)']);
  });

  it('adds only hosts the project lacks, keeping its instances, names unique', () => {
    const existing = validateProject({
      schemaVersion: 1,
      name: 'prod',
      instances: [
        { name: 'CT-2.corp', host: '10.0.0.99', os: 'linux', user: 'root', auth: { method: 'agent' }, privilege: 'root' },
        { name: 'x', host: '10.0.0.11', os: 'linux', user: 'root', auth: { method: 'agent' }, privilege: 'root' },
      ],
      referenceInstance: 'x',
    });
    if (!existing.ok) throw new Error('bad fixture');
    const seeded = seedInstances(existing.project, facts, linux);
    if (!seeded.ok) throw new Error(JSON.stringify(seeded.issues));
    expect(seeded.added).toEqual(['CT-2.corp-2']);
    expect(seeded.project.instances.map((instance) => instance.host)).toEqual(['10.0.0.99', '10.0.0.11', 'CT-2.corp']);
    expect(seeded.project.referenceInstance).toBe('x');
  });

  it('refuses settings the project schema refuses (Windows with sudo) with located issues', () => {
    const seeded = seedInstances(undefined, facts, { ...linux, os: 'windows' });
    expect(seeded.ok).toBe(false);
    expect(!seeded.ok && seeded.issues.map((issue) => issue.path)).toEqual(['instances[0].privilege', 'instances[1].privilege']);
  });
});
