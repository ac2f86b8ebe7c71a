// A Balancer step cut short (the test hook, as a killed process) between two writes: Balancer is left
// stopped with one file written and the record beside the project; the next apply undoes it (the copy
// removed, Balancer started), plans afresh and applies. Cut short after the copy (every file written,
// before the start): the next apply completes it (start, matching_port) instead of undoing it, unless
// Balancer does not answer, which undoes it. The lab's Balancer answers on matching_port by itself while
// its unit is active (a listener of the test's own would take its port and make the start fail).
// Addresses: 127.0.250.10-13 and 127.0.250.14-17.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedInterruption } from '../../../engine/steps/apply/apply-types.js';
import { balancerJournalPathFor, readBalancerStep } from '../../../engine/steps/apply/balancer-journal.js';
import { resumeBalancerStep } from '../../../engine/steps/apply/balancer-resume.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import type { Project } from '../../../shared/project/schema.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { auditBalancer, labBalancerHost, startBalancerLab } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: AuditLab;
let project: Project;
let projectPath: string;

beforeAll(async () => {
  ({ lab, project, projectPath } = await startBalancerLab(
    {
      linux: 2,
      windows: 0,
      backend: 'emulated',
      version: '5.1',
      drift: ['balancer-license', 'balancer-cert-stale'],
      addressBase: '127.0.250.10',
    },
    'resume.ctha.json',
  ));
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

const balancerHost = () => labBalancerHost(lab);

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

    // The lab's Balancer listens on matching_port itself while its unit is active (lab/service/balancer-process.ts).
    const next = await runApplyOnce(projectPath, deps, { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
    const balancer = next.report?.balancer;
    expect(balancer?.resumed?.outcome).toBe('rolled-back');
    // Cut mid-copy: not every file was written, so nothing is completed.
    expect(balancer?.resumed?.steps[0]).toMatch(/^copy: 2 of 3 file\(s\) not recorded as written/);
    expect(balancer?.resumed?.files.map((file) => [file.kind, file.status])).toEqual([
      ['copy', 'restored'],
      ['set-aside', 'restored'],
      ['edit', 'restored'],
    ]);
    expect(balancer?.resumed?.steps.at(-1)).toMatch(/^start: systemctl start cybertrace_balancer\.service: exit 0/);
    // Planned afresh from the restored files: the same three changes, now applied.
    expect(next.plan.balancer?.changes.map((change) => change.kind)).toEqual(['license', 'license-set-aside', 'stored-cert']);
    expect(balancer?.outcome).toBe('applied');
    expect(existsSync(balancerJournalPathFor(projectPath))).toBe(false);
    expect(await readBalancerUnit(balancerHost())).toBe('active');
    const after = await auditBalancer(project, lab.password);
    expect([after.license.state, after.storedCerts.state, after.service.state, after.verdict]).toEqual([
      'match',
      'match',
      'match',
      'consistent',
    ]);
  }, 180_000);
});

describe('a Balancer step cut short after its copy (every file written, Balancer not started)', () => {
  let after: AuditLab;
  let afterProject: Project;
  let afterPath: string;
  beforeAll(async () => {
    ({
      lab: after,
      project: afterProject,
      projectPath: afterPath,
    } = await startBalancerLab(
      {
        linux: 2,
        windows: 0,
        backend: 'emulated',
        version: '5.1',
        drift: ['balancer-license', 'balancer-cert-stale'],
        addressBase: '127.0.250.14',
      },
      'complete.ctha.json',
    ));
  }, 120_000);
  afterAll(async () => after.stop(), 60_000);

  const host = () => labBalancerHost(after);
  // Cut as a killed process between the last write and the Balancer's start.
  const cutBeforeStart = async () => {
    const cut = await runApplyOnce(afterPath, runDeps(after.password).deps, {
      reviewWindowMs: 1_000,
      replaceStaleBalancerCerts: true,
      hooks: {
        beforeStep: (target, step) => {
          if (target === afterProject.balancer?.host && step === 'start') throw new SimulatedInterruption('cut before the start');
        },
      },
    });
    expect(cut.report?.balancer?.outcome).toBe('interrupted');
    // The record says the copy finished and where Balancer must answer.
    const record = await readBalancerStep(afterPath);
    expect(record?.files.map((file) => file.status)).toEqual(['written', 'written', 'written']);
    expect(record?.endpoint).toEqual({ host: after.lab.file.balancer.address, port: after.lab.file.balancer.matchingPort });
    expect(await readBalancerUnit(host())).toBe('inactive');
    return cut;
  };

  it('is undone when Balancer, started with the new files, does not answer on matching_port', async () => {
    const cut = await cutBeforeStart();
    const copied = cut.plan.balancer?.changes[0]?.path ?? '';
    expect(existsSync(hostPathToLocal(host(), copied))).toBe(true);
    const run = await openClusterRun(afterProject, runDeps(after.password).deps, { balancer: true, reviewWindowMs: 1_000 });
    try {
      const resumed = await resumeBalancerStep(run, afterPath, { answers: () => Promise.resolve(false) });
      expect(resumed?.outcome).toBe('rolled-back');
      expect(resumed?.message).toMatch(/its copy had finished, but Balancer did not answer on matching_port/);
      expect(resumed?.steps[0]).toMatch(/^copy: every file \(3\) holds its new bytes/);
      expect(resumed?.steps).toContain(`answers on ${after.lab.file.balancer.address}:${after.lab.file.balancer.matchingPort}: no`);
      expect(resumed?.files.map((file) => file.status)).toEqual(['restored', 'restored', 'restored']);
    } finally {
      await run.close();
    }
    // The copied licence key is gone again, the record removed, Balancer running as it was.
    expect(existsSync(hostPathToLocal(host(), copied))).toBe(false);
    expect(existsSync(balancerJournalPathFor(afterPath))).toBe(false);
    expect(await readBalancerUnit(host())).toBe('active');
  }, 180_000);

  it('is completed by the next apply (start, answer on matching_port), not undone; nothing is left to plan', async () => {
    const cut = await cutBeforeStart();
    const copied = cut.plan.balancer?.changes[0]?.path ?? '';
    const at = after.lab.file.balancer;
    // The lab's Balancer answers on matching_port once started (lab/service/balancer-process.ts).
    const next = await runApplyOnce(afterPath, runDeps(after.password).deps, { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
    const balancer = next.report?.balancer;
    expect(balancer?.resumed?.outcome).toBe('completed');
    expect(balancer?.resumed?.files.map((file) => [file.kind, file.status])).toEqual([
      ['copy', 'written'],
      ['set-aside', 'written'],
      ['edit', 'written'],
    ]);
    expect(balancer?.resumed?.steps.at(-1)).toBe(`answers on ${at.address}:${at.matchingPort}: yes`);
    // The completed copy is what the host holds, so the fresh plan has nothing left for the Balancer.
    expect(next.plan.balancer?.changes).toEqual([]);
    expect(balancer?.outcome).toBe('nothing');
    expect(next.report?.changed).toBe(true);
    expect(existsSync(hostPathToLocal(host(), copied))).toBe(true);
    expect(existsSync(balancerJournalPathFor(afterPath))).toBe(false);
    expect(await readBalancerUnit(host())).toBe('active');
    const checks = await auditBalancer(afterProject, after.password);
    expect([checks.license.state, checks.storedCerts.state, checks.service.state, checks.verdict]).toEqual([
      'match',
      'match',
      'match',
      'consistent',
    ]);
  }, 180_000);
});
