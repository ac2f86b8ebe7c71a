// The Balancer section (issue 14) from an audit report to evidence.json, its verdict and report.pdf, and
// the derivation of the checks on hand-made facts (leftovers, missing copies, a local config only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { verifyReport } from '../../../engine/report/verify/verify-report.js';
import type { AuditReport } from '../../../shared/contract/ops/audit.js';
import { assembleEvidence } from '../../../shared/report/assemble-evidence.js';
import { balancerChecks } from '../../../shared/report/balancer-checks.js';
import { BUNDLE_FILES } from '../../../shared/report/bundle-files.js';
import { EvidenceInputSchema, EvidenceSchema } from '../../../shared/report/evidence.js';
import { computeVerdict } from '../../../shared/report/verdict.js';
import { sampleProject } from '../../renderer/fake-api.js';
import { auditWithBalancer } from '../balancer/balancer-audit-fixture.js';
import { makeBundle } from './bundle-fixture.js';
import { inflatedStreams } from './tools.js';

const SHA = (c: string): string => c.repeat(64);

describe('Balancer checks derived from the audit report', () => {
  it('a stored copy of the same certificate matches, a missing one will be stored on first connection, and leftovers are listed', () => {
    const checks = balancerChecks(auditWithBalancer(), 'balancer');
    expect(checks.storedCerts.instances.map((item) => item.state)).toEqual(['match', 'missing']);
    expect(checks.storedCerts.instances[1]?.evidence).toMatch(/will be stored on first connection/);
    expect(checks.storedCerts.leftovers).toEqual(['10.9.9.9_9999.pem']);
    expect(checks.storedCerts.evidence).toMatch(/never deletes them/);
    // A missing copy is not drift: Balancer stores it itself.
    expect(checks.storedCerts.state).toBe('match');
    expect(checks.license.state).toBe('match');
  });

  it('without the Balancer host only the config checks are known; before 4.3 (no CertDirPath) the certificate check does not apply', () => {
    const audit = auditWithBalancer();
    const facts = audit.balancer.facts;
    if (facts === undefined) throw new Error('no facts');
    const localFacts = { ...facts, others: [] };
    delete localFacts.host;
    const local = balancerChecks({ ...audit, balancer: { ...audit.balancer, facts: localFacts } }, 'balancer');
    expect(local.license.state).toBe('unknown');
    expect(local.service.state).toBe('unknown');
    expect(local.listing.state).toBe('match');
    expect(local.storedCerts.state).toBe('not-applicable');
    expect(local.verdict).toBe('unknown');
  });

  it('an alerts setting other than balancer makes the alerts check not applicable', () => {
    expect(balancerChecks(auditWithBalancer(), 'siem').alerts.state).toBe('not-applicable');
  });
});

describe('the Balancer section in evidence.json and report.pdf', () => {
  let identity: SigningIdentity;
  beforeAll(async () => {
    identity = await createSelfSignedIdentity('Jane Engineer');
  }, 60_000);

  const stale = (): AuditReport => {
    const audit = auditWithBalancer();
    const host = audit.balancer.facts?.host;
    if (host === undefined) throw new Error('no host');
    const [first, ...rest] = host.instanceCerts;
    return auditWithBalancer({ instanceCerts: [{ ...(first ?? { instance: 'ct1', evidence: '' }), certSha256: SHA('d') }, ...rest] });
  };

  it('evidence records the Balancer checks and a stale stored certificate fails the verdict with its reason', () => {
    const input = EvidenceInputSchema.parse(
      assembleEvidence({
        engineer: 'Erika',
        project: { ...sampleProject(), alerts: 'balancer' },
        prechecks: [],
        audit: stale(),
        applies: [],
        probe: undefined,
      }),
    );
    expect(input.balancer).toMatchObject({
      source: 'balancer:/opt/kaspersky/ktfs/bin/kl_balancer.conf',
      confSha256: SHA('b'),
      hostRead: true,
      checks: { storedCerts: { state: 'drift' } },
    });
    const verdict = computeVerdict(input);
    expect(verdict.outcome).toBe('fail');
    const reason = verdict.reasons.find((text) => text.startsWith('Balancer stored instance certificates'));
    expect(reason).toMatch(/^Balancer stored instance certificates on ct1: 10\.0\.0\.11_9999\.pem .*HTTP 500/);
    // The sample's alerts findings are unknown: gaps of the findings themselves, not repeated by the Balancer section.
    expect(verdict.reasons.filter((text) => text.startsWith('Balancer'))).toEqual([reason]);
    expect(verdict.reasons.some((text) => text.startsWith('alerts'))).toBe(true);
  });

  it('a signed bundle carries the section in evidence.json, prints it in report.pdf, and verifies', async () => {
    const input = assembleEvidence({
      engineer: 'Erika',
      project: { ...sampleProject(), alerts: 'balancer' },
      prechecks: [],
      audit: stale(),
      applies: [],
      probe: undefined,
    });
    const built = await makeBundle(input, identity, { now: new Date('2026-11-28T10:00:00.000Z') });
    const evidence = EvidenceSchema.parse(JSON.parse(readFileSync(join(built.outDir, BUNDLE_FILES.evidence), 'utf8')));
    expect(evidence.balancer?.checks.storedCerts.instances[0]).toMatchObject({ state: 'stale' });
    expect(evidence.verdict).toEqual(computeVerdict(evidence));
    const { text } = inflatedStreams(readFileSync(join(built.outDir, BUNDLE_FILES.pdf)));
    // Page text is drawn as hex strings; the attached evidence.json holds neither of these.
    const drawn = (words: string): string => `<${Buffer.from(words, 'latin1').toString('hex').toUpperCase()}>`;
    expect(text).toContain(drawn('Stored instance certificates (REF 3.6)'));
    expect(text).toContain(drawn('STALE'));
    expect((await verifyReport(built.outDir)).ok).toBe(true);
  }, 120_000);
});
