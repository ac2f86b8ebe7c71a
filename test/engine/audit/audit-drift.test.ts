import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { DEFAULT_DRIFT } from '../../../lab/drift/default-drift.js';
import { DRIFT_PRESETS } from '../../../lab/spec.js';
import type { LabBackend, LabVersion } from '../../../lab/spec.js';
import { runAuditOnce } from '../../../engine/steps/audit/run-audit.js';
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import { AuditReportSchema } from '../../../shared/contract/ops/audit.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import type { AuditLab } from './audit-lab.js';
import { expectedDrift, startAuditLab, withReq3Attested } from './audit-lab.js';
import { runDeps } from './run-deps.js';

// Addresses: emulated 127.0.91.10-19 (4.4) and .30-39 (5.1); OpenSSH 127.0.92.10-19 and .30-39.
const CASES: { backend: LabBackend; version: LabVersion; addressBase: string; skip: string | undefined }[] = [
  { backend: 'emulated', version: '4.4', addressBase: '127.0.91.10', skip: undefined },
  { backend: 'emulated', version: '5.1', addressBase: '127.0.91.30', skip: undefined },
  { backend: 'openssh', version: '4.4', addressBase: '127.0.92.10', skip: opensshUnavailableReason() },
  { backend: 'openssh', version: '5.1', addressBase: '127.0.92.30', skip: opensshUnavailableReason() },
];
// Two Linux and two Windows instances: three drifted instances share every preset (lab/drift/default-drift.ts).
const LINUX = 2;
const WINDOWS = 2;

for (const { backend, version, addressBase, skip } of CASES) {
  const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

  describe.skipIf(skip !== undefined)(`audit of a --drift default lab, ${backend} backend, CyberTrace ${version}`, () => {
    let lab: AuditLab;
    let report: AuditReport;

    beforeAll(async () => {
      lab = await startAuditLab({ linux: LINUX, windows: WINDOWS, backend, version, drift: 'default', addressBase });
      const run = await runAuditOnce(withReq3Attested(lab.project), runDeps(lab.password).deps, {
        balancerConf: lab.balancerConf,
        reviewWindowMs: 1_000,
      });
      report = run.report;
    }, 240_000);
    afterAll(async () => {
      await lab.stop();
    }, 60_000);

    it(title('covers every drift preset on at least three instances (the lab mix)'), () => {
      const count = LINUX + WINDOWS;
      const dealt = Array.from({ length: count }, (_, index) => DEFAULT_DRIFT(index, count));
      expect(new Set(dealt.flat())).toEqual(new Set(DRIFT_PRESETS));
      expect(dealt.filter((presets) => presets.length > 0).length).toBeGreaterThanOrEqual(3);
    });

    it(title('detects each preset on the right requirement and instance, and nothing else'), () => {
      expect(AuditReportSchema.safeParse(report).success).toBe(true);
      const names = lab.project.instances.map((instance) => instance.name);
      names.forEach((name, index) => {
        const drifted = report.findings.findings
          .filter((finding) => finding.instance === name && finding.status === 'drift')
          .map((finding) => finding.requirement);
        expect([...drifted].sort(), `${name}: ${DEFAULT_DRIFT(index, names.length).join(', ')}`).toEqual(
          expectedDrift(index, names.length),
        );
      });
      expect(report.verdict).toBe('drift');
    });

    it(title('the reference and every requirement without drift match (req3 attested), with evidence digests and groups'), () => {
      const notMatching = report.findings.findings.filter(
        (finding) =>
          finding.status !== 'match' && finding.status !== 'drift' && !(finding.requirement === 'req3' && finding.status === 'attested'),
      );
      expect(notMatching.map((finding) => `${finding.instance}/${finding.requirement}: ${finding.detail}`)).toEqual([]);
      const req3 = report.findings.findings.filter((finding) => finding.requirement === 'req3');
      expect(req3.map((finding) => [finding.status, finding.compared, finding.verifiedBy])).toEqual(
        lab.project.instances.map(() => ['attested', 'unknown', 'engineer']),
      );
      for (const finding of report.findings.findings) {
        if (finding.requirement === 'req4' || finding.requirement === 'req1')
          expect(finding.evidence.length, `${finding.instance}/${finding.requirement}`).toBeGreaterThan(0);
        for (const evidence of finding.evidence) expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      const reference = report.referenceInstance;
      expect(report.findings.findings.filter((finding) => finding.instance === reference).map((finding) => finding.status)).toEqual(
        REQUIREMENT_IDS.map((id) => (id === 'req3' ? 'attested' : 'match')),
      );
      // req6 groups: the reference's group first; the drifted instances are outside it.
      const req6 = report.findings.requirements.find((entry) => entry.requirement === 'req6');
      expect(req6?.groups[0]?.includesReference).toBe(true);
      expect(req6?.groups.flatMap((group) => group.instances).sort()).toEqual(
        [...lab.project.instances.map((instance) => instance.name)].sort(),
      );
    });

    it(title('discovers every instance (layout, service control, certificate, license) and checks Balancer ports'), () => {
      for (const instance of report.instances) {
        const facts = instance.facts;
        expect(instance.audited, instance.failure?.reason).toBe(true);
        expect(facts?.layout.value).toBe(version === '5.1' ? '5.x' : '4.x');
        expect(facts?.serviceControl.method, facts?.serviceControl.evidence.join('; ')).toBe(facts?.os === 'linux' ? 'systemctl' : 'sc');
        expect(facts?.certificate.file?.present).toBe(true);
        expect(facts?.licenseDir?.keys).toHaveLength(1);
      }
      expect(report.balancer.alertTarget.value).toEqual({ host: addressBase, cybertracePort: 9998 });
      expect(report.balancer.portChecks.map((check) => check.state)).toEqual(lab.project.instances.map(() => 'match'));
      expect(report.balancer.notInProject).toEqual([]);
      expect(new Set(report.transcript.map((entry) => entry.instance))).toEqual(
        new Set(lab.project.instances.map((instance) => instance.name)),
      );
      expect(JSON.stringify(report)).not.toContain(lab.password);
    });
  });
}
