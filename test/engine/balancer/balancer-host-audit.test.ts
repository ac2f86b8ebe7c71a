// The Balancer as a host of the project (issue 14): discovery on the lab's Balancer host and the Balancer
// section's checks, on a consistent lab and with each Balancer drift preset, on both lab backends.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { labBalancerEntry } from '../../../lab/orchestrator/lab-project.js';
import type { LabInstance } from '../../../lab/spec.js';
import { writeBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import { AuditReportSchema } from '../../../shared/contract/ops/audit.js';
import type { Project } from '../../../shared/project/schema.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import { balancerSectionLines } from '../../../shared/report/balancer-text.js';
import type { AuditLab } from '../audit/audit-lab.js';
import { startAuditLab, withReq3Attested } from '../audit/audit-lab.js';
import { runDeps } from '../audit/run-deps.js';

// Addresses: 127.0.220.10-19 (consistent, emulated), 127.0.220.20-29 (drift, emulated), 127.0.220.30-39 (drift, Windows), 127.0.221.10-19 (drift, OpenSSH).

const opensshReason = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/sbin/sshd') ? 'needs Debian sshd' : undefined;

/** The lab's project with its Balancer host (the first Linux host) and requirement 3 attested. */
function withBalancer(lab: AuditLab): Project {
  const entry = labBalancerEntry(lab.lab.file.balancer, lab.project);
  if (entry === undefined) throw new Error('the lab runs no Balancer on a host');
  return withReq3Attested({ ...lab.project, balancer: entry as NonNullable<Project['balancer']> });
}

const audit = async (lab: AuditLab, project: Project) => {
  const { report } = await runAuditOnce(project, runDeps(lab.password).deps, { reviewWindowMs: 1_000, timeouts: { readyMs: 5_000 } });
  expect(AuditReportSchema.safeParse(report).success).toBe(true);
  return report;
};

describe('Balancer host of a consistent lab (emulated, 4.4)', () => {
  let lab: AuditLab;
  beforeAll(async () => {
    lab = await startAuditLab({ linux: 1, windows: 1, backend: 'emulated', version: '4.4', drift: 'none', addressBase: '127.0.220.10' });
  }, 120_000);
  afterAll(async () => lab.stop(), 60_000);

  it('reads the host side and every Balancer check is consistent; Windows CRLF certificates still match their stored copies', async () => {
    const report = await audit(lab, withBalancer(lab));
    const host = report.balancer.facts?.host;
    expect(host?.balancerDir).toBe('/opt/kaspersky/ktfs');
    expect(host?.service).toMatchObject({ name: 'cybertrace_balancer.service', state: 'running' });
    expect(host?.license).toMatchObject({
      source: 'LicenseKeyPath',
      written: '../httpsrv/lic',
      path: '/opt/kaspersky/ktfs/httpsrv/lic',
      present: true,
    });
    expect(host?.license.evidence).toMatch(/undocumented/);
    expect(host?.certDir.files.map((file) => file.name)).toEqual(['127.0.220.11_9999.pem', '127.0.220.12_9999.pem']);
    expect(host?.sslCertificate).toMatchObject({ path: '/opt/kaspersky/ktfs/httpsrv/kl_feed_service_cert.pem', present: true });
    expect(host?.sslPrivateKey.present).toBe(true);
    // The Windows instance's certificate file is CRLF: its bytes differ from the stored LF copy, the certificate does not.
    const [linuxCert, windowsCert] = host?.instanceCerts ?? [];
    expect(linuxCert?.sha256).not.toBe(windowsCert?.sha256);
    expect(linuxCert?.certSha256).toBe(windowsCert?.certSha256);
    const checks = balancerChecks(report, 'balancer');
    expect(checks).toMatchObject({
      verdict: 'consistent',
      license: { state: 'match' },
      listing: { state: 'match' },
      storedCerts: { state: 'match', leftovers: [] },
      alerts: { state: 'match' },
      service: { state: 'match' },
    });
    expect(checks.storedCerts.instances.map((item) => item.state)).toEqual(['match', 'match']);
    expect(report.verdict).toBe('consistent');
  }, 60_000);

  it('a stopped Balancer service is drift with the unit named', async () => {
    const host = lab.lab.file.hosts
      .map((record) => record.instance)
      .find((instance: LabInstance) => instance.name === lab.lab.file.balancer.host);
    if (host === undefined) throw new Error('no Balancer host');
    await writeBalancerUnit(host, 'inactive');
    try {
      const report = await audit(lab, withBalancer(lab));
      const checks = balancerChecks(report, 'balancer');
      expect(checks.service.state).toBe('drift');
      expect(checks.service.evidence).toMatch(/cybertrace_balancer\.service is not running/);
      expect(checks.verdict).toBe('drift');
      // The audit's own verdict counts the Balancer side, not only the report's.
      expect(report.verdict).toBe('drift');
    } finally {
      await writeBalancerUnit(host, 'active');
    }
  }, 60_000);

  it('a licence folder set in the project is used instead of detecting the element, and an empty one is Community Edition', async () => {
    const project = withBalancer(lab);
    const report = await audit(lab, {
      ...project,
      balancer: { ...(project.balancer as NonNullable<Project['balancer']>), licenseDir: '../etc' },
    });
    const license = report.balancer.facts?.host?.license;
    expect(license).toMatchObject({ source: 'project', path: '/opt/kaspersky/ktfs/etc', present: true, files: [] });
    const checks = balancerChecks(report, 'balancer');
    expect(checks.license.state).toBe('drift');
    expect(checks.license.instances[0]?.evidence).toMatch(/\(none: Community Edition\) differ/);
  }, 60_000);
});

/** Audits a lab seeded with every Balancer preset and checks each is found with its reason. */
async function expectBalancerDrift(lab: AuditLab): Promise<void> {
  const [, stale, missing] = lab.lab.file.hosts.map((record) => record.instance);
  if (stale === undefined || missing === undefined) throw new Error('expected three instances');
  const report = await audit(lab, withBalancer(lab));
  const checks = balancerChecks(report, 'balancer');
  // balancer-license: Balancer's key is not the instances' key.
  expect(checks.license.state).toBe('drift');
  expect(report.balancer.facts?.host?.license).toMatchObject({ written: '../balancer_lic', present: true });
  expect(
    checks.license.instances.every((item) => item.state === 'drift' && /same licence key file as every instance/.test(item.evidence)),
  ).toBe(true);
  // balancer-missing-instance: the last instance is not listed.
  expect(checks.listing.state).not.toBe('match');
  expect(report.balancer.portChecks.find((check) => check.instance === missing.name)?.state).toBe('not-listed');
  expect(checks.listing.evidence).toContain(`${missing.name}: not-listed`);
  // balancer-cert-stale: the stored certificate of the second instance is an earlier one.
  const staleItem = checks.storedCerts.instances.find((item) => item.instance === stale.name);
  expect(staleItem).toMatchObject({ state: 'stale', file: `${stale.address}_9999.pem` });
  expect(staleItem?.evidence).toMatch(/HTTP 500/);
  expect(checks.storedCerts.instances.find((item) => item.instance === lab.project.instances[0]?.name)?.state).toBe('match');
  expect(checks.storedCerts.state).toBe('drift');
  expect(checks.verdict).toBe('drift');
  const text = balancerSectionLines(report, 'balancer').join('\n');
  expect(text).toMatch(/stored certificates\s+DRIFT/);
  expect(text).toContain(`${stale.name}: STALE`);
}

describe('Balancer drift presets on the emulated backend (5.1)', () => {
  let lab: AuditLab;
  beforeAll(async () => {
    lab = await startAuditLab({
      linux: 2,
      windows: 1,
      backend: 'emulated',
      version: '5.1',
      drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
      addressBase: '127.0.220.20',
    });
  }, 120_000);
  afterAll(async () => lab.stop(), 60_000);

  it('each preset is found with its reason', () => expectBalancerDrift(lab), 60_000);
});

describe('Balancer drift presets with the Balancer on a Windows host (emulated, 4.4)', () => {
  let lab: AuditLab;
  beforeAll(async () => {
    lab = await startAuditLab({
      linux: 0,
      windows: 3,
      backend: 'emulated',
      version: '4.4',
      drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
      addressBase: '127.0.220.30',
    });
  }, 120_000);
  afterAll(async () => lab.stop(), 60_000);

  it('each preset is found with its reason, and KasperskyBalancerService is read through sc.exe', async () => {
    await expectBalancerDrift(lab);
    const host = (await audit(lab, withBalancer(lab))).balancer.facts?.host;
    expect(host?.balancerDir).toBe('C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace');
    expect(host?.service).toMatchObject({ name: 'KasperskyBalancerService', state: 'running' });
    expect(host?.service.evidence).toMatch(/sc\.exe query KasperskyBalancerService: RUNNING/);
  }, 90_000);
});

describe.skipIf(opensshReason !== undefined)(
  `Balancer drift presets on OpenSSH (4.4)${opensshReason ? ` (skipped: ${opensshReason})` : ''}`,
  () => {
    let lab: AuditLab;
    beforeAll(async () => {
      lab = await startAuditLab({
        linux: 2,
        windows: 1,
        backend: 'openssh',
        version: '4.4',
        drift: ['balancer-license', 'balancer-cert-stale', 'balancer-missing-instance'],
        addressBase: '127.0.221.10',
      });
    }, 120_000);
    afterAll(async () => lab.stop(), 60_000);

    it("each preset is found with its reason, and the Balancer unit is read through the host's systemctl", async () => {
      await expectBalancerDrift(lab);
      const report = await audit(lab, withBalancer(lab));
      expect(report.balancer.facts?.host?.service).toMatchObject({ state: 'running' });
    }, 90_000);
  },
);
