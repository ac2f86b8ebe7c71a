// The Balancer section on a Windows Balancer host (sc.exe, backslash paths) through plan and apply: the
// saved plan passes its own consistency check with real Windows paths, is re-derived equal at apply, and
// is applied after the instances with KasperskyBalancerService stopped and started (the lab's Balancer
// listens on matching_port while the service runs). Addresses: 127.0.249.10-11.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpAnswers } from '../../../engine/steps/apply/balancer-apply.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { readPlanFile } from '../../../engine/steps/plan/plan-file.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startBalancerLab } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';

let lab: AuditLab;
let projectPath: string;

beforeAll(async () => {
  ({ lab, projectPath } = await startBalancerLab(
    {
      linux: 0,
      windows: 2,
      backend: 'emulated',
      version: '4.4',
      drift: ['balancer-license', 'balancer-cert-stale'],
      addressBase: '127.0.249.10',
    },
    'windows-balancer.ctha.json',
  ));
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

describe('a Windows Balancer in plan and apply', () => {
  it('plans with Windows paths, reads the saved plan back, applies it last with sc.exe; the next plan is empty', async () => {
    const deps = runDeps(lab.password).deps;
    const out = join(lab.dir, 'plan.json');
    await runPlanOnce(projectPath, deps, { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true, out });
    const saved = await readPlanFile(out);
    expect(saved.balancer?.os).toBe('windows');
    expect(saved.balancer?.changes.map((change) => [change.kind, change.relativePath.replace(/\d+\.\d+\.\d+\.\d+/, 'IP')])).toEqual([
      ['license', 'balancer_lic/LAB00001.key'],
      ['license-set-aside', 'balancer_lic/LAB00002.key'],
      ['stored-cert', 'certs/IP_9999.pem'],
    ]);
    expect(saved.balancer?.changes[1]?.newPath).toMatch(/^C:\\.*\\balancer_lic\\LAB00002\.key\.ctha-set-aside$/);
    let asked = 0;
    const run = await runApplyOnce(out, deps, {
      reviewWindowMs: 1_000,
      confirm: (plan) => ((asked += plan.balancer?.changes.length ?? 0), Promise.resolve(true)),
    });
    expect(asked).toBe(3);
    expect(run.report?.instances.map((instance) => instance.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(run.report?.balancer?.outcome).toBe('applied');
    expect(run.report?.balancer?.steps[0]).toMatch(/^stop: sc\.exe stop KasperskyBalancerService: exit 0/);
    expect(run.report?.balancer?.steps.at(-2)).toMatch(/^start: sc\.exe start KasperskyBalancerService: exit 0/);
    const at = lab.lab.file.balancer;
    expect(await tcpAnswers(at.address, at.matchingPort)).toBe(true);
    const { plan } = await runPlanOnce(projectPath, deps, { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
    expect(plan.balancer?.changes).toEqual([]);
    expect(plan.balancer?.problems).toEqual([]);
  }, 180_000);
});
