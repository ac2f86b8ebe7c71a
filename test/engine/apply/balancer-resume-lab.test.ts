// A Balancer step cut short (the test hook, as a killed process) between two writes: Balancer is left
// stopped with one file written and the record beside the project; the next apply undoes it (the copy
// removed, Balancer started), plans afresh and applies. Addresses: 127.0.250.10-11.
import { existsSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedInterruption } from '../../../engine/steps/apply/apply-types.js';
import { balancerJournalPathFor } from '../../../engine/steps/apply/balancer-journal.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { auditCluster } from '../../../engine/steps/audit/audit-cluster.js';
import { auditReport } from '../../../engine/steps/audit/audit-report.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import { serializeProject } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab, withLabBalancerHost } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: AuditLab;
let project: Project;
let projectPath: string;

beforeAll(async () => {
  lab = await startAuditLab({
    linux: 2,
    windows: 0,
    backend: 'emulated',
    version: '5.1',
    drift: ['balancer-license', 'balancer-cert-stale'],
    addressBase: '127.0.250.10',
  });
  project = withLabBalancerHost(lab);
  projectPath = join(lab.dir, 'resume.ctha.json');
  writeFileSync(projectPath, serializeProject(project));
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

const balancerHost = () => {
  const host = lab.lab.file.hosts[0]?.instance;
  if (host === undefined) throw new Error('no Balancer lab host');
  return host;
};

describe('an interrupted Balancer step', () => {
  it('is left stopped with its record; the next apply undoes it, then plans afresh and applies', async () => {
    const deps = runDeps(lab.password).deps;
    const interrupted = await runApplyOnce(projectPath, deps, {
      reviewWindowMs: 1_000,
      replaceStaleBalancerCerts: true,
      hooks: {
        beforeStep: (_host, step, file) => {
          if (step === 'write' && file?.endsWith('LAB00002.key') === true) throw new SimulatedInterruption('cut before the set-aside');
        },
      },
    });
    expect(interrupted.plan.balancer?.changes.map((change) => change.kind)).toEqual(['license', 'license-set-aside', 'stored-cert']);
    const copied = interrupted.plan.balancer?.changes[0]?.path ?? '';
    expect(interrupted.report?.balancer?.outcome).toBe('interrupted');
    expect(existsSync(balancerJournalPathFor(projectPath))).toBe(true);
    expect(await readBalancerUnit(balancerHost())).toBe('inactive');
    expect(existsSync(hostPathToLocal(balancerHost(), copied))).toBe(true);

    const server: Server = createServer((socket) => socket.destroy());
    const at = lab.lab.file.balancer;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(at.matchingPort, at.address, resolve));
    try {
      const next = await runApplyOnce(projectPath, deps, { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
      const balancer = next.report?.balancer;
      expect(balancer?.resumed?.outcome).toBe('rolled-back');
      expect(balancer?.resumed?.files.map((file) => [file.kind, file.status])).toEqual([
        ['copy', 'restored'],
        ['set-aside', 'restored'],
        ['edit', 'restored'],
      ]);
      expect(balancer?.resumed?.steps.at(-1)).toMatch(/^start: systemctl start cybertrace_balancer\.service: exit 0/);
      // Planned afresh from the restored files: the same three changes, now applied.
      expect(next.plan.balancer?.changes.map((change) => change.kind)).toEqual(['license', 'license-set-aside', 'stored-cert']);
      expect(balancer?.outcome).toBe('applied');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(existsSync(balancerJournalPathFor(projectPath))).toBe(false);
    expect(await readBalancerUnit(balancerHost())).toBe('active');
    const run = await openClusterRun(project, deps, { balancer: true, reviewWindowMs: 1_000 });
    try {
      const after = balancerChecks(auditReport(await auditCluster(run), run.transcript.entries(), run.redactor), 'balancer');
      expect([after.license.state, after.storedCerts.state, after.service.state, after.verdict]).toEqual([
        'match',
        'match',
        'match',
        'consistent',
      ]);
    } finally {
      await run.close();
    }
  }, 180_000);
});
