import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import type { LabInstance } from '../../../lab/spec.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { AuditReportSchema } from '../../../shared/contract/ops/audit.js';
import type { Project } from '../../../shared/project/schema.js';
import type { AuditLab } from './audit-lab.js';
import { startAuditLab, withReq3Attested } from './audit-lab.js';
import { runDeps } from './run-deps.js';

// Addresses: 127.0.91.50-59 (this file only).
let lab: AuditLab;
let linux: LabInstance;
let windows: LabInstance;

beforeAll(async () => {
  lab = await startAuditLab({ linux: 1, windows: 1, backend: 'emulated', version: '5.1', drift: 'none', addressBase: '127.0.91.50' });
  [linux, windows] = lab.lab.file.hosts.map((host) => host.instance) as [LabInstance, LabInstance];
}, 120_000);
afterAll(async () => {
  await lab.stop();
}, 60_000);

/** Audits with the lab's kl_balancer.conf, or (`null`) with none given locally. */
const audit = (project: Project, balancerConf: string | null = lab.balancerConf) =>
  runAuditOnce(project, runDeps(lab.password).deps, {
    ...(balancerConf === null ? {} : { balancerConf }),
    reviewWindowMs: 1_000,
    timeouts: { readyMs: 5_000 },
  });

/** Replaces a host file's bytes for the duration of `body`, then puts the original back. */
async function withFile<T>(
  instance: LabInstance,
  hostPath: string,
  edit: (text: string) => string,
  body: (original: Buffer, path: string) => Promise<T>,
): Promise<T> {
  const path = hostPathToLocal(instance, hostPath);
  const original = readFileSync(path);
  writeFileSync(path, edit(original.toString('utf8')));
  try {
    return await body(original, path);
  } finally {
    writeFileSync(path, original);
  }
}

describe('audit of a consistent lab', () => {
  it('finds every requirement matching (requirement 3 attested) and says the cluster is consistent', async () => {
    const { report } = await audit(withReq3Attested(lab.project));
    expect(AuditReportSchema.safeParse(report).success).toBe(true);
    expect(report.verdict).toBe('consistent');
    expect(report.counts).toEqual({ match: 16, drift: 0, unknown: 0, attested: 2, waived: 0 });
    for (const requirement of report.findings.requirements)
      expect(
        requirement.groups.map((group) => group.instances.length),
        requirement.requirement,
      ).toEqual([2]);
  }, 60_000);

  it('without attestations requirement 3 is unknown, and without a Balancer the alerts item is too: not consistent', async () => {
    const { report } = await audit(lab.project, null);
    expect(report.verdict).toBe('unknown');
    const unknown = report.findings.findings.filter((finding) => finding.status === 'unknown');
    expect([...new Set(unknown.map((finding) => finding.requirement))].sort()).toEqual(['alerts', 'req3']);
    expect(report.balancer.alertTarget.evidence).toMatch(/no kl_balancer.conf was read/);
    expect(report.balancer.portChecks).toEqual([]);
  }, 60_000);
});

describe('audit of configs the XML layer refuses', () => {
  it('a DOCTYPE in one kl_feed_service.conf makes the requirements needing it unknown with the reason, and the file stays untouched', async () => {
    const confPath = hostTreeLayout(windows).serviceConf;
    await withFile(
      windows,
      confPath,
      (text) =>
        text.replace(
          '<?xml version="1.0" encoding="utf-8"?>',
          '<?xml version="1.0" encoding="utf-8"?>\r\n<!DOCTYPE Configuration [<!ENTITY x "y">]>',
        ),
      async (_original, local) => {
        const before = readFileSync(local);
        const { report } = await audit(withReq3Attested(lab.project));
        expect(sha256Hex(readFileSync(local))).toBe(sha256Hex(before));
        const win = report.instances.find((instance) => instance.instance === windows.name);
        expect(win?.audited).toBe(true);
        expect(win?.refusedFiles).toEqual([{ path: confPath, reason: expect.stringMatching(/DOCTYPE/) as string }]);
        const findings = report.findings.findings.filter((finding) => finding.instance === windows.name);
        const byStatus = (status: string): string[] =>
          findings.filter((finding) => finding.status === status).map((finding) => finding.requirement);
        // 5.1 keeps per-tenant feed switches in the service config, so requirement 2 needs it too.
        expect(byStatus('unknown')).toEqual(['req2', 'req5', 'req6', 'req7', 'req8', 'alerts']);
        expect(byStatus('match')).toEqual(['req1', 'req4']);
        for (const finding of findings.filter((f) => f.status === 'unknown'))
          expect(finding.detail, finding.requirement).toMatch(/DOCTYPE/);
        expect(win?.inputPort.evidence).toMatch(/DOCTYPE/);
        expect(report.balancer.portChecks.find((check) => check.instance === windows.name)?.state).toBe('unknown');
        // The other instance is audited as usual.
        expect(
          report.findings.findings
            .filter((finding) => finding.instance === linux.name)
            .every((finding) => finding.status === 'match' || finding.status === 'attested'),
        ).toBe(true);
      },
    );
  }, 60_000);

  it('a malformed kl_feed_util.conf makes the certificate and feed requirements unknown with the parser position', async () => {
    await withFile(
      linux,
      hostTreeLayout(linux).feedUtilConf,
      (text) => text.replace('</Feeds>', '</Feedz>'),
      async () => {
        const { report } = await audit(withReq3Attested(lab.project));
        const findings = report.findings.findings.filter((finding) => finding.instance === linux.name && finding.status === 'unknown');
        expect(findings.map((finding) => finding.requirement)).toEqual(['req1', 'req2']);
        expect(findings[0]?.detail).toMatch(/not well-formed XML at line \d+/);
        expect(report.verdict).toBe('unknown');
      },
    );
  }, 60_000);
});

describe('audit of a cluster with hosts it cannot reach, and with Balancer over SSH', () => {
  it('an unreachable instance is unknown everywhere with the reason; the others are audited', async () => {
    const first = lab.project.instances[0];
    if (!first) throw new Error('no instance');
    const project = withReq3Attested({
      ...lab.project,
      instances: [...lab.project.instances, { ...first, name: 'gone', host: '127.0.91.59' }],
    });
    const { report } = await audit(project);
    const gone = report.instances.find((instance) => instance.instance === 'gone');
    expect(gone).toMatchObject({ audited: false, failure: { stage: 'connect' } });
    const goneFindings = report.findings.findings.filter((finding) => finding.instance === 'gone');
    expect(goneFindings.every((finding) => finding.status === 'unknown' || finding.status === 'attested')).toBe(true);
    expect(goneFindings.find((finding) => finding.requirement === 'req1')?.detail).toMatch(/127\.0\.91\.59/);
    expect(report.balancer.portChecks.find((check) => check.instance === 'gone')?.state).toBe('not-listed');
    expect(report.verdict).toBe('unknown');
  }, 60_000);

  it("reads kl_balancer.conf over SSH from the project's Balancer host and reports a port mismatch", async () => {
    const first = lab.project.instances[0];
    if (!first) throw new Error('no instance');
    // The Balancer runs on the Linux instance's host here: its files in the CyberTrace install folder (REFERENCE 3.2).
    const onHost = `${hostTreeLayout(linux).binDir}/kl_balancer.conf`;
    const local = hostPathToLocal(linux, onHost);
    copyFileSync(lab.balancerConf, local);
    writeFileSync(
      local,
      readFileSync(local, 'utf8').replace(`matching_port="9999">${windows.address}<`, `matching_port="9990">${windows.address}<`),
    );
    const project = withReq3Attested({
      ...lab.project,
      balancer: {
        name: 'balancer',
        host: first.host,
        port: first.port,
        os: 'linux',
        user: first.user,
        auth: first.auth,
        privilege: first.privilege,
      },
    });
    const { report } = await audit(project, null);
    expect(report.balancer.source).toBe(`balancer:${onHost}`);
    expect(report.balancer.alertTarget.value).toEqual({ host: lab.lab.file.balancer.address, cybertracePort: 9998 });
    expect(report.balancer.portChecks.map((check) => [check.instance, check.state])).toEqual([
      [linux.name, 'match'],
      [windows.name, 'mismatch'],
    ]);
    expect(report.balancer.portChecks[1]?.evidence).toMatch(/Balancer sends to 127\.0\.91\.52:9990; the instance listens on port 9999/);
    // Every requirement matches, but Balancer would send events to a port nobody listens on.
    expect(report.findings.findings.every((finding) => finding.status === 'match' || finding.status === 'attested')).toBe(true);
    expect(report.verdict).toBe('drift');
    expect(report.transcript.some((entry) => entry.instance === 'balancer')).toBe(true);
  }, 60_000);
});
