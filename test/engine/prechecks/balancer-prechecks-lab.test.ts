// Issue 14 item 1 on an emulated lab: prechecks.run opens the project's Balancer host in the same run (one
// host-key review for every host) and checks it up to privilege, under the Balancer's name; a Balancer
// host that cannot be reached is a failed blocker with the reason, its later checks skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrechecks } from '../../../engine/prechecks/run-prechecks.js';
import { labBalancerEntry } from '../../../lab/orchestrator/lab-project.js';
import type { Project } from '../../../shared/project/schema.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: AuditLab;
let project: Project;

beforeAll(async () => {
  lab = await startAuditLab({ linux: 1, windows: 1, backend: 'emulated', version: '5.1', drift: 'none', addressBase: '127.0.35.10' });
  const entry = labBalancerEntry(lab.lab.file.balancer, lab.project);
  if (entry === undefined) throw new Error('the lab has no Balancer host');
  project = { ...lab.project, balancer: entry as NonNullable<Project['balancer']> };
}, 120_000);
afterAll(async () => lab?.stop(), 60_000);

describe('pre-checks of the Balancer host', () => {
  it('checks it in the same run as the instances: reachable, key, login, OS and privilege pass', async () => {
    const { deps, reviews } = runDeps(lab.password);
    const run = await runPrechecks(project, deps, { reviewWindowMs: 500 });
    const balancer = run.results.filter((result) => result.instance === 'balancer');
    expect(balancer.map((result) => `${result.check} ${result.status}`)).toEqual([
      'reachable pass',
      'host-key pass',
      'authentication pass',
      'os-shell pass',
      'privilege pass',
    ]);
    // One review for every host of the run; the lab's Balancer shares ct-linux-1's host, so one row covers both.
    expect(reviews).toHaveLength(1);
    const target = project.balancer as NonNullable<Project['balancer']>;
    expect(reviews[0]?.keys.some((key) => key.host === target.host && key.port === target.port)).toBe(true);
    expect(run.results.filter((result) => result.instance === 'ct-linux-1' && result.status !== 'pass')).toEqual([]);
  });

  it('a Balancer host nothing answers on fails reachable with the reason and skips the rest', async () => {
    const gone = { ...project, balancer: { ...(project.balancer as NonNullable<Project['balancer']>), host: '127.0.35.99', port: 1 } };
    const run = await runPrechecks(gone, runDeps(lab.password).deps, { reviewWindowMs: 500, timeouts: { readyMs: 3_000 } });
    const balancer = run.results.filter((result) => result.instance === 'balancer');
    expect(balancer.map((result) => `${result.check} ${result.status}`)).toEqual([
      'reachable fail',
      'host-key skipped',
      'authentication skipped',
      'os-shell skipped',
      'privilege skipped',
    ]);
    expect(balancer[0]).toMatchObject({ severity: 'blocker', evidence: expect.stringContaining('127.0.35.99:1') });
  });
});
