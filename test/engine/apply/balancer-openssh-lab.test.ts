// The Balancer's fixes on the OpenSSH backend (issue 14): one lab whose Balancer host (ct-linux-1, a real sshd
// with the lab's systemctl stand-in) carries every Balancer drift preset and the fault balancer-refuses-start.
// Each preset is found with its reason and planned; the first apply meets the fault (the Balancer comes up
// without listening on matching_port) and is rolled back; the same plan applied again fixes every file, the
// re-audit is clean and a new plan is empty. Skipped with the reason without root or sshd. Addresses: 127.0.178.10-13.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyExitCode } from '../../../cli/commands/apply.js';
import { tcpAnswers } from '../../../engine/steps/apply/balancer-apply.js';
import { runApplyOnce } from '../../../engine/steps/apply/run-apply.js';
import { readPlanFile } from '../../../engine/steps/plan/plan-file.js';
import { runPlanOnce } from '../../../engine/steps/plan/run-plan.js';
import { readBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import type { Project } from '../../../shared/project/schema.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { auditBalancer, balancerFolderDigests, expectBalancerApplied, labBalancerHost, startBalancerLab } from '../audit/balancer-lab.js';
import { runDeps } from '../audit/run-deps.js';

const opensshReason = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/sbin/sshd') ? 'needs Debian sshd' : undefined;

describe.skipIf(opensshReason !== undefined)(
  `Balancer fixes on OpenSSH (5.1)${opensshReason === undefined ? '' : ` (skipped: ${opensshReason})`}`,
  () => {
    let lab: AuditLab;
    let project: Project;
    let projectPath: string;
    let planPath: string;

    beforeAll(async () => {
      ({ lab, project, projectPath } = await startBalancerLab(
        {
          linux: 2,
          windows: 1,
          backend: 'openssh',
          version: '5.1',
          drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
          addressBase: '127.0.178.10',
          faults: [{ instance: 'ct-linux-1', kind: 'balancer-refuses-start' }],
        },
        'balancer-openssh.ctha.json',
      ));
      planPath = join(lab.dir, 'balancer-plan.json');
    }, 180_000);
    afterAll(async () => lab.stop(), 60_000);

    const deps = () => runDeps(lab.password).deps;
    const endpoint = () => ({ host: lab.lab.file.balancer.address, port: lab.lab.file.balancer.matchingPort });
    const balancerHost = () => labBalancerHost(lab, 'openssh');
    /** Every file below the Balancer folder but the apply's backups, with its digest. */
    const balancerFolder = (plan: PlanDocument) => balancerFolderDigests(balancerHost(), plan, { backups: false });
    const checks = () => auditBalancer(project, lab.password);

    it('each preset is found with its reason and planned; the lab Balancer listens on matching_port', async () => {
      expect(await tcpAnswers(endpoint().host, endpoint().port)).toBe(true);
      const [, stale, missing] = lab.lab.file.hosts.map((record) => record.instance);
      const before = await checks();
      expect([before.listing.state, before.license.state, before.storedCerts.state, before.service.state]).toEqual([
        'drift',
        'drift',
        'drift',
        'match',
      ]);
      expect(before.license.instances.every((item) => /same licence key file as every instance/.test(item.evidence))).toBe(true);
      expect(before.listing.evidence).toContain(`${missing?.name ?? '?'}: not-listed`);
      expect(before.storedCerts.instances.find((item) => item.instance === stale?.name)).toMatchObject({
        state: 'stale',
        file: `${stale?.address ?? '?'}_9999.pem`,
      });
      await runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true, out: planPath });
      const plan = await readPlanFile(planPath);
      expect(plan.balancer?.os).toBe('linux');
      expect(plan.balancer?.changes.map((change) => [change.kind, change.relativePath])).toEqual([
        ['listing', 'bin/kl_balancer.conf'],
        ['license', 'balancer_lic/LAB00001.key'],
        ['license-set-aside', 'balancer_lic/LAB00002.key'],
        ['stored-cert', `certs/${stale?.address ?? '?'}_9999.pem`],
      ]);
      expect(plan.balancer?.endpoint).toEqual(endpoint());
    }, 120_000);

    it('balancer-refuses-start: the apply is rolled back, the files are as before, the Balancer runs and listens again', async () => {
      const plan = await readPlanFile(planPath);
      const before = balancerFolder(plan);
      const run = await runApplyOnce(planPath, deps(), { reviewWindowMs: 1_000, readyDeadlineMs: 20_000 });
      const balancer = run.report?.balancer;
      expect(balancer?.outcome).toBe('rolled-back');
      expect(balancer?.message).toMatch(/does not answer on 127\.0\.178\.10:9999; every file was put back; Balancer started again/);
      expect(balancer?.files.map((file) => file.status)).toEqual(['restored', 'restored', 'restored', 'restored']);
      expect(balancer?.steps[0]).toMatch(/^stop: systemctl stop cybertrace_balancer\.service: exit 0/);
      expect(applyExitCode(run.report ?? ({} as never))).toBe(2);
      expect(await readBalancerUnit(balancerHost())).toBe('active');
      expect(await tcpAnswers(endpoint().host, endpoint().port)).toBe(true);
      expect(balancerFolder(plan)).toEqual(before);
    }, 180_000);

    it('the same plan applied again: stopped, written, started, answers; re-audit clean; a new plan is empty', async () => {
      const run = await runApplyOnce(planPath, deps(), { reviewWindowMs: 1_000, readyDeadlineMs: 20_000 });
      const balancer = run.report?.balancer;
      expectBalancerApplied(balancer, endpoint().host);
      expect(applyExitCode(run.report ?? ({} as never))).toBe(0);
      const after = await checks();
      expect([after.listing.state, after.license.state, after.storedCerts.state, after.service.state, after.verdict]).toEqual([
        'match',
        'match',
        'match',
        'match',
        'consistent',
      ]);
      const { plan } = await runPlanOnce(projectPath, deps(), { reviewWindowMs: 1_000, replaceStaleBalancerCerts: true });
      expect(plan.balancer?.changes).toEqual([]);
    }, 180_000);
  },
);
