// Issue 11 item 6 on a lab: the alerts item as a real audit reads it (AlertConnectionString and AlertFormat,
// kl_balancer.conf's target), judged under each project `alerts` setting (REFERENCE 3.5 step 9, 1.4.2).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import type { LabInstance } from '../../../lab/spec.js';
import { ALERT_FORMAT } from '../../../lab/trees/reference-state.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import type { AlertsMode } from '../../../shared/project/schema.js';
import { evaluateCluster, type ClusterObservations } from '../../../shared/requirements/evaluate-cluster.js';
import { known, unknown } from '../../../shared/requirements/observation.js';
import type { AuditLab } from './audit-lab.js';
import { startAuditLab, withReq3Attested } from './audit-lab.js';
import { runDeps } from './run-deps.js';

// Addresses: 127.0.188.10-19 (this file only).
let lab: AuditLab;
let second: LabInstance;

beforeAll(async () => {
  lab = await startAuditLab({ linux: 2, windows: 0, backend: 'emulated', version: '5.1', drift: 'none', addressBase: '127.0.188.10' });
  second = lab.lab.file.hosts.map((host) => host.instance)[1] as LabInstance;
}, 120_000);
afterAll(async () => {
  await lab.stop();
}, 60_000);

const audit = async (balancerConf: string | null): Promise<AuditReport> =>
  (
    await runAuditOnce(withReq3Attested(lab.project), runDeps(lab.password).deps, {
      ...(balancerConf === null ? {} : { balancerConf }),
      reviewWindowMs: 1_000,
      timeouts: { readyMs: 5_000 },
    })
  ).report;

/** The alerts findings of the audited observations, judged again under `alerts`. */
function alertsUnder(report: AuditReport, alerts: AlertsMode): { instance: string; status: string; detail: string }[] {
  const observations: Record<string, ClusterObservations[string]> = {};
  for (const finding of report.findings.findings.filter((entry) => entry.requirement === 'alerts')) {
    observations[finding.instance] = {
      alerts: finding.observed === null ? unknown(finding.detail) : known(finding.observed, finding.evidence),
    };
  }
  const target = report.balancer.alertTarget.value;
  const result = evaluateCluster(observations, lab.project, { now: new Date(), alerts, ...(target ? { balancer: target } : {}) });
  return result.findings
    .filter((entry) => entry.requirement === 'alerts')
    .map(({ instance, status, detail }) => ({ instance, status, detail }));
}

describe('alerts item on an emulated 5.1 lab', () => {
  it('with kl_balancer.conf: balancer and siem match the consistent lab, which the audit read with its AlertFormat', async () => {
    const report = await audit(lab.balancerConf);
    const observed = report.findings.findings.find((entry) => entry.requirement === 'alerts')?.observed;
    expect(observed).toMatchObject({ present: true, enabled: 'true', alertFormat: ALERT_FORMAT });
    for (const mode of ['balancer', 'siem', 'not-required'] as const)
      expect(
        alertsUnder(report, mode).map((entry) => entry.status),
        mode,
      ).toEqual(['match', 'match']);
  }, 90_000);

  it('without kl_balancer.conf: balancer is unknown, siem and not-required still decide', async () => {
    const report = await audit(null);
    expect(alertsUnder(report, 'balancer').map((entry) => entry.status)).toEqual(['unknown', 'unknown']);
    expect(alertsUnder(report, 'siem').map((entry) => entry.status)).toEqual(['match', 'match']);
    expect(alertsUnder(report, 'not-required').map((entry) => entry.status)).toEqual(['match', 'match']);
  }, 90_000);

  it('an instance without AlertFormat: drift under balancer and siem, reported but not judged under not-required', async () => {
    const path = hostPathToLocal(second, hostTreeLayout(second).serviceConf);
    const original = readFileSync(path);
    const text = original.toString('utf8');
    const line = `<AlertFormat>${ALERT_FORMAT}</AlertFormat>`;
    expect(text.split(line).length).toBe(2);
    writeFileSync(path, text.replace(line, ''));
    try {
      const report = await audit(lab.balancerConf);
      const [underBalancer, underSiem] = [alertsUnder(report, 'balancer'), alertsUnder(report, 'siem')].map((list) => list[1]);
      expect(underBalancer).toMatchObject({ status: 'drift', detail: expect.stringContaining('no AlertFormat') as string });
      expect(underSiem).toMatchObject({ status: 'drift', detail: expect.stringContaining('not sent') as string });
      expect(alertsUnder(report, 'not-required')[1]).toMatchObject({
        status: 'match',
        detail: expect.stringMatching(/not judged.*no AlertFormat/) as string,
      });
    } finally {
      writeFileSync(path, original);
    }
  }, 90_000);
});
