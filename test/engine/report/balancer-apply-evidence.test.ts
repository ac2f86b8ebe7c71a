// The apply's Balancer part (issue 14) from the apply report to evidence.json (balancerApplies), its verdict and
// report.pdf ("Balancer changes"), beside the audit's Balancer section; the bundle still verifies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { verifyReport } from '../../../engine/report/verify/verify-report.js';
import type { ApplyReport, BalancerApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlanDocument, PlannedBalancer } from '../../../shared/plan/plan-document.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { EvidenceInputSchema, EvidenceSchema } from '../../../shared/report/evidence.js';
import { computeVerdict } from '../../../shared/report/verdict.js';
import { sampleProject } from '../../renderer/fake-api.js';
import { sampleApplyReport } from '../../renderer/samples/apply-sample.js';
import { samplePlan } from '../../renderer/samples/plan-sample.js';
import { auditWithBalancer } from '../balancer/balancer-audit-fixture.js';
import { makeBundle } from './bundle-fixture.js';
import { inflatedStreams } from './tools.js';

const SHA = (c: string): string => c.repeat(64);
const KEY = '/opt/kaspersky/balancer/httpsrv/lic/LAB00001.key';
const CERT = '/opt/kaspersky/balancer/certs/10.0.0.11_9999.pem';

const section: PlannedBalancer = {
  host: '10.0.0.5',
  os: 'linux',
  balancerDir: '/opt/kaspersky/balancer',
  allowedPaths: [],
  endpoint: { host: '10.0.0.5', port: 9999 },
  replaceStaleCerts: true,
  changes: [
    {
      kind: 'license',
      path: KEY,
      relativePath: 'httpsrv/lic/LAB00001.key',
      beforeSha256: null,
      afterSha256: SHA('1'),
      reason: 'the same licence key file as every instance (REFERENCE 3.1 item 4, 3.2)',
      from: 'ct1',
      needsConfirmation: false,
      unifiedDiff: 'licence key: 120 bytes, sha256 1111...\n',
      afterBase64: '',
      sensitive: { size: 120, sha256: SHA('1') },
    },
    {
      kind: 'stored-cert',
      path: CERT,
      relativePath: 'certs/10.0.0.11_9999.pem',
      beforeSha256: SHA('2'),
      afterSha256: SHA('3'),
      reason: "ct1's HTTPS certificate changed after Balancer stored it (REFERENCE 3.6)",
      from: 'ct1',
      needsConfirmation: true,
      unifiedDiff: 'certificate: 900 bytes, sha256 3333...\n',
      afterBase64: '',
      sensitive: { size: 900, sha256: SHA('3') },
    },
  ],
  problems: [],
};

function plan(): PlanDocument {
  return { ...samplePlan(), balancer: section };
}

function balancerPart(patch: Partial<BalancerApplyReport> = {}): BalancerApplyReport {
  return {
    host: '10.0.0.5',
    outcome: 'applied',
    message: '2 Balancer file(s) written; Balancer started and answers on matching_port',
    files: [
      { path: KEY, kind: 'copy', beforeSha256: null, afterSha256: SHA('1'), status: 'written', original: 'absent' },
      {
        path: CERT,
        kind: 'edit',
        beforeSha256: SHA('2'),
        afterSha256: SHA('3'),
        backupPath: `${CERT}.ctha-backup-20250501T100700Z`,
        status: 'written',
        original: 'backup',
      },
    ],
    steps: [
      'stop: systemctl stop cybertrace_balancer.service: exit 0, inactive',
      `${KEY}: written (sha256 ${SHA('1')})`,
      `${CERT}: written (sha256 ${SHA('3')})`,
      'start: systemctl start cybertrace_balancer.service: exit 0, active',
      'answers on 10.0.0.5:9999: yes',
    ],
    startedAt: '2025-05-01T10:07:00.000Z',
    durationMs: 1200,
    ...patch,
  };
}

function applyWith(part: BalancerApplyReport): ApplyReport {
  return { ...sampleApplyReport(), balancer: part };
}

// The sample apply report names a third instance.
function project() {
  const base = sampleProject();
  const first = base.instances[0];
  if (first === undefined) throw new Error('no sample instance');
  return { ...base, alerts: 'balancer' as const, instances: [...base.instances, { ...first, name: 'ct3', host: '10.0.0.13' }] };
}

function evidenceOf(applies: readonly ApplyReport[]) {
  return assembleEvidence({
    engineer: 'Erika',
    project: project(),
    prechecks: [],
    audit: auditWithBalancer(),
    applies: applies.map((report) => ({ report, plan: plan() })),
    probe: undefined,
  });
}

describe("the apply's Balancer part in evidence.json", () => {
  it('records each file with its change kind and reason from the plan, its digests, backup and the steps in order', () => {
    const input = EvidenceInputSchema.parse(evidenceOf([applyWith(balancerPart())]));
    expect(input.balancerApplies).toHaveLength(1);
    const [record] = input.balancerApplies ?? [];
    expect(record).toMatchObject({ host: '10.0.0.5', planCreatedAt: '2025-05-01T10:05:00.000Z', outcome: 'applied' });
    expect(
      record?.files.map((file) => [file.path, file.change, file.beforeSha256, file.afterSha256, file.backupPath, file.status]),
    ).toEqual([
      [KEY, 'license', null, SHA('1'), null, 'written'],
      [CERT, 'stored-cert', SHA('2'), SHA('3'), `${CERT}.ctha-backup-20250501T100700Z`, 'written'],
    ]);
    expect(record?.files[1]?.reason).toMatch(/REFERENCE 3\.6/);
    expect(record?.steps.map((step) => step.split(':')[0])).toEqual(['stop', KEY, CERT, 'start', 'answers on 10.0.0.5']);
    // The audit's Balancer section is still there beside it.
    expect(input.balancer?.hostRead).toBe(true);
    // An applied Balancer part adds no failure of its own.
    expect(computeVerdict(input).reasons.some((reason) => reason.startsWith('Balancer apply'))).toBe(false);
  });

  it('a rolled-back Balancer part records what the host holds again and fails the verdict naming it', () => {
    const rolled = balancerPart({
      outcome: 'rolled-back',
      message: 'Balancer started but does not answer on 10.0.0.5:9999; every file was put back; Balancer started again',
      files: balancerPart().files.map((file) => ({ ...file, status: 'restored' as const })),
    });
    const input = EvidenceInputSchema.parse(evidenceOf([applyWith(rolled)]));
    // Restored: the host holds the original again (nothing for the new key, the old certificate).
    expect(input.balancerApplies?.[0]?.files.map((file) => file.afterSha256)).toEqual([null, SHA('2')]);
    const verdict = computeVerdict(input);
    expect(verdict.outcome).toBe('fail');
    expect(verdict.reasons).toContain(
      'Balancer apply on 10.0.0.5 (plan of 2025-05-01T10:05:00.000Z) rolled-back: Balancer started but does not answer on 10.0.0.5:9999; every file was put back; Balancer started again',
    );
  });

  it('an apply without a Balancer part adds no balancerApplies (evidence of clusters without one is unchanged)', () => {
    expect('balancerApplies' in evidenceOf([sampleApplyReport()])).toBe(false);
  });

  it('a completed resume of an unfinished step is recorded under the apply that finished it', () => {
    const part = balancerPart({
      outcome: 'nothing',
      message: 'nothing to change on the Balancer',
      files: [],
      steps: [],
      resumed: {
        outcome: 'completed',
        message: 'the unfinished Balancer step was completed',
        files: balancerPart().files,
        steps: ['start: exit 0', 'answers on 10.0.0.5:9999: yes'],
      },
    });
    const input = EvidenceInputSchema.parse(evidenceOf([applyWith(part)]));
    expect(input.balancerApplies?.[0]?.resumed?.outcome).toBe('completed');
    expect(input.balancerApplies?.[0]?.resumed?.files.map((file) => file.status)).toEqual(['written', 'written']);
  });
});

describe('records naming the Balancer host', () => {
  it("its pre-checks and transcript name the project's Balancer (same run as the instances); a finding may not", () => {
    const base = evidenceOf([]);
    const balancer = { name: 'balancer', host: '10.0.0.5', port: 22 };
    const precheck = { check: 'reachable', instance: 'balancer', status: 'pass', severity: 'blocker', evidence: 'ok' } as const;
    const entry = {
      instance: 'balancer',
      target: 'root@10.0.0.5:22',
      kind: 'exec',
      op: 'exec',
      command: 'true',
      startedAt: '2025-05-01T10:00:00.000Z',
      durationMs: 1,
      bytesIn: 0,
      bytesOut: 0,
    } as const;
    const withBalancer = { ...base, cluster: { ...base.cluster, balancer }, prechecks: [precheck], transcript: [entry] };
    expect(EvidenceInputSchema.safeParse(withBalancer).success).toBe(true);
    // Without a Balancer in the cluster the same records name an unknown host.
    expect(EvidenceInputSchema.safeParse({ ...withBalancer, cluster: base.cluster }).success).toBe(false);
    const finding = { ...(EvidenceInputSchema.parse(base).findings[0] as object), instance: 'balancer' };
    expect(EvidenceInputSchema.safeParse({ ...withBalancer, findings: [finding] }).success).toBe(false);
  });
});

describe("the apply's Balancer part in a signed bundle", () => {
  let identity: SigningIdentity;
  beforeAll(async () => {
    identity = await createSelfSignedIdentity('Jane Engineer');
  }, 60_000);

  it('evidence.json carries it, report.pdf prints it after the audit Balancer section, and the bundle verifies', async () => {
    const built = await makeBundle(evidenceOf([applyWith(balancerPart())]), identity, { now: new Date('2026-11-28T10:00:00.000Z') });
    const evidence = EvidenceSchema.parse(JSON.parse(readFileSync(join(built.outDir, BUNDLE_FILES.evidence), 'utf8')));
    expect(evidence.balancerApplies?.[0]?.files).toHaveLength(2);
    expect(evidence.verdict).toEqual(computeVerdict(evidence));
    const { text } = inflatedStreams(readFileSync(join(built.outDir, BUNDLE_FILES.pdf)));
    // Page text is drawn as hex strings; the attached evidence.json holds none of these.
    const drawn = (words: string): string => `<${Buffer.from(words, 'latin1').toString('hex').toUpperCase()}>`;
    const at = (words: string): number => text.indexOf(drawn(words));
    expect(at('Stored instance certificates (REF 3.6)')).toBeGreaterThan(-1);
    expect(at('Balancer changes')).toBeGreaterThan(at('Stored instance certificates (REF 3.6)'));
    expect(at('- answers on 10.0.0.5:9999: yes')).toBeGreaterThan(at('Balancer changes'));
    // The file table (long paths wrap in their cells, so its column titles and a state are looked for).
    expect(at('File (change)')).toBeGreaterThan(at('Balancer changes'));
    expect(text.indexOf(drawn('written'), at('File (change)'))).toBeGreaterThan(-1);
    expect((await verifyReport(built.outDir)).ok).toBe(true);
  }, 120_000);
});
