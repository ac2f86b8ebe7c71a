// The Balancer's fixes (issue 14 item 3) on an emulated lab seeded with every Balancer preset: planned from
// the live bytes, the stored certificate only with the engineer's yes, applied with Balancer stopped and
// started (the lab's Balancer listens on matching_port while its unit is active), rolled back when Balancer
// does not answer on matching_port (the fault balancer-refuses-start, whose one refusal the first apply
// meets), and a re-audit clean after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBalancerPlan, tcpAnswers } from '../../../engine/steps/apply/balancer-apply.js';
import { auditCluster } from '../../../engine/steps/audit/audit-cluster.js';
import { auditReport } from '../../../engine/steps/audit/audit-report.js';
import { planBalancerChanges } from '../../../engine/steps/plan/balancer-changes.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import type { Project } from '../../../shared/project/schema.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab, withLabBalancerHost } from '../audit/audit-lab.js';
import { auditBalancer } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';

// Addresses: 127.0.222.10-19.
let lab: AuditLab;
let project: Project;

beforeAll(async () => {
  lab = await startAuditLab({
    linux: 2,
    windows: 1,
    backend: 'emulated',
    version: '5.1',
    drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
    addressBase: '127.0.222.10',
    // The first start with changed files comes up without listening: the rollback case below meets it.
    faults: [{ instance: 'ct-linux-1', kind: 'balancer-refuses-start' }],
  });
  project = withLabBalancerHost(lab);
}, 120_000);
afterAll(async () => lab.stop(), 60_000);

/** Balancer's event port as kl_balancer.conf gives it: the lab's Balancer listens there while its unit is active. */
const endpoint = (on: AuditLab = lab) => ({ host: on.lab.file.balancer.address, port: on.lab.file.balancer.matchingPort });

/** Opens a run with the Balancer host, audits, plans the Balancer's changes and hands them to `body`. */
async function withPlan<T>(
  body: (input: {
    plan: NonNullable<Awaited<ReturnType<typeof planBalancerChanges>>>;
    dialect: Parameters<typeof applyBalancerPlan>[0];
  }) => Promise<T>,
): Promise<T> {
  const run = await openClusterRun(project, runDeps(lab.password).deps, {
    balancer: true,
    reviewWindowMs: 1_000,
    timeouts: { readyMs: 5_000 },
  });
  try {
    const report = auditReport(await auditCluster(run), run.transcript.entries(), run.redactor);
    const plan = await planBalancerChanges(run, report, 'balancer');
    if (plan === undefined || run.balancer === undefined || !run.balancer.ok) throw new Error('no Balancer plan');
    return await body({ plan, dialect: run.balancer.dialect });
  } finally {
    await run.close();
  }
}

const checks = () => auditBalancer(project, lab.password);

describe('Balancer fixes', () => {
  it('plans the unlisted instance (to be confirmed), the licence copy, the set-aside of the other key and the stale certificate (to be confirmed)', async () => {
    await withPlan(async ({ plan }) => {
      expect(plan.problems).toEqual([]);
      expect(plan.changes.map((change) => [change.kind, change.path.replace(/^.*\/ktfs\//, ''), change.needsConfirmation])).toEqual([
        ['listing', 'bin/kl_balancer.conf', true],
        ['license', 'balancer_lic/LAB00001.key', false],
        ['license-set-aside', 'balancer_lic/LAB00002.key', false],
        ['stored-cert', `certs/${lab.lab.file.hosts[1]?.instance.address}_9999.pem`, true],
      ]);
      expect(plan.changes[3]?.reason).toMatch(/HTTP 500.*REFERENCE 3\.6.*changes what Balancer trusts/);
      const missing = lab.lab.file.hosts[2]?.instance;
      expect(plan.changes[0]?.unifiedDiff).toContain(`+    <Instance matching_port="9999">${missing?.address}</Instance>`);
      expect(plan.changes[0]?.unifiedDiff?.split('\n').filter((line) => /^[-+][^-+]/.test(line))).toHaveLength(1);
    });
  }, 90_000);

  it('rolls back when Balancer does not answer on matching_port after starting: files as before, Balancer running and listening', async () => {
    const at = endpoint();
    expect(await tcpAnswers(at.host, at.port)).toBe(true);
    const result = await withPlan(({ plan, dialect }) =>
      applyBalancerPlan(dialect, plan, { confirm: () => Promise.resolve(true), endpoint: at, polls: 3 }),
    );
    expect(result.outcome).toBe('rolled-back');
    expect(result.message).toMatch(/does not answer/);
    expect(result.files.map((file) => file.status)).toEqual(['restored', 'restored', 'restored', 'restored']);
    expect(result.steps[0]).toMatch(/^stop: systemctl stop cybertrace_balancer\.service: exit 0/);
    const host = lab.lab.file.hosts[0]?.instance;
    if (host === undefined) throw new Error('no host');
    expect(await readBalancerUnit(host)).toBe('active');
    // Its files as installed again, the rollback's start brought the Balancer back on matching_port.
    expect(await tcpAnswers(at.host, at.port)).toBe(true);
    const after = await checks();
    expect([after.listing.state, after.license.state, after.storedCerts.state]).toEqual(['drift', 'drift', 'drift']);
  }, 90_000);

  it("without the engineer's yes the instance list and the stored certificate stay; the licence is fixed, Balancer stopped and started", async () => {
    const asked: string[] = [];
    const result = await withPlan(({ plan, dialect }) =>
      applyBalancerPlan(dialect, plan, {
        confirm: (change) => (asked.push(change.path), Promise.resolve(false)),
        endpoint: endpoint(),
        polls: 3,
      }),
    );
    expect(asked.map((path) => path.replace(/^.*\/ktfs\//, ''))).toEqual([
      'bin/kl_balancer.conf',
      `certs/${lab.lab.file.hosts[1]?.instance.address}_9999.pem`,
    ]);
    expect(result.outcome).toBe('applied');
    expect(result.steps.some((step) => /not confirmed, left as it is/.test(step))).toBe(true);
    expect(result.steps.some((step) => /^start: systemctl start cybertrace_balancer\.service: exit 0/.test(step))).toBe(true);
    const after = await checks();
    expect([after.license.state, after.listing.state, after.storedCerts.state]).toEqual(['match', 'drift', 'drift']);
  }, 120_000);

  it('with the yes the missing instance is listed and the stale stored certificate replaced; the re-audit is clean; a second plan is empty', async () => {
    const result = await withPlan(({ plan, dialect }) =>
      applyBalancerPlan(dialect, plan, { confirm: () => Promise.resolve(true), endpoint: endpoint(), polls: 3 }),
    );
    expect(result.outcome).toBe('applied');
    expect(result.files.map((file) => [file.path.replace(/^.*\/ktfs\//, ''), file.status, file.backupPath !== undefined])).toEqual([
      ['bin/kl_balancer.conf', 'written', true],
      [`certs/${lab.lab.file.hosts[1]?.instance.address}_9999.pem`, 'written', true],
    ]);
    const after = await checks();
    expect(after.storedCerts.state).toBe('match');
    // The newly listed instance has no stored copy yet: Balancer stores it on first connection.
    expect(after.storedCerts.instances.map((item) => item.state)).toEqual(['match', 'match', 'missing']);
    expect([after.listing.state, after.license.state, after.verdict]).toEqual(['match', 'match', 'consistent']);
    await withPlan(async ({ plan }) => expect(plan.changes).toEqual([]));
  }, 120_000);
});

describe('Balancer fixes with the Balancer on a Windows host (sc.exe)', () => {
  // Addresses: 127.0.222.20-29.
  let windowsLab: AuditLab;
  let windowsProject: Project;
  beforeAll(async () => {
    windowsLab = await startAuditLab({
      linux: 0,
      windows: 2,
      backend: 'emulated',
      version: '4.4',
      drift: ['balancer-license', 'balancer-cert-stale'],
      addressBase: '127.0.222.20',
    });
    windowsProject = withLabBalancerHost(windowsLab);
  }, 120_000);
  afterAll(async () => windowsLab.stop(), 60_000);

  it('stops and starts KasperskyBalancerService around the copies; the re-audit is clean', async () => {
    const open = () =>
      openClusterRun(windowsProject, runDeps(windowsLab.password).deps, {
        balancer: true,
        reviewWindowMs: 1_000,
        timeouts: { readyMs: 5_000 },
      });
    const at = endpoint(windowsLab);
    const run = await open();
    try {
      const plan = await planBalancerChanges(run, auditReport(await auditCluster(run), run.transcript.entries(), run.redactor), 'balancer');
      if (plan === undefined || run.balancer === undefined || !run.balancer.ok) throw new Error('no Balancer plan');
      expect(plan.changes.map((change) => change.kind)).toEqual(['license', 'license-set-aside', 'stored-cert']);
      expect(plan.changes[2]?.path).toMatch(/^C:\\Program Files\\.*\\certs\\127\.0\.222\.22_9999\.pem$/);
      const result = await applyBalancerPlan(run.balancer.dialect, plan, { confirm: () => Promise.resolve(true), endpoint: at, polls: 3 });
      expect(result.outcome).toBe('applied');
      expect(result.steps[0]).toMatch(
        /^stop: sc\.exe stop KasperskyBalancerService: exit 0; now sc\.exe query KasperskyBalancerService: STOPPED/,
      );
    } finally {
      await run.close();
    }
    // KasperskyBalancerService started again: the lab's Balancer listens on matching_port.
    expect(await tcpAnswers(at.host, at.port)).toBe(true);
    const again = await open();
    try {
      const after = balancerChecks(auditReport(await auditCluster(again), again.transcript.entries(), again.redactor), 'balancer');
      expect([after.license.state, after.storedCerts.state, after.service.state, after.verdict]).toEqual([
        'match',
        'match',
        'match',
        'consistent',
      ]);
    } finally {
      await again.close();
    }
  }, 120_000);
});
