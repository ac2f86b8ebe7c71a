import { describe, expect, it } from 'vitest';
import type { EvidenceInput } from '../../../shared/report/evidence.js';
import { EvidenceInputSchema } from '../../../shared/report/evidence.js';
import { computeVerdict } from '../../../shared/report/verdict.js';
import { syntheticEvidence } from './synthetic-evidence.js';

const input = (instances: number, driftAt?: number): EvidenceInput =>
  EvidenceInputSchema.parse(syntheticEvidence({ instances, ...(driftAt === undefined ? {} : { driftAt }) }));

describe('computeVerdict', () => {
  it('passes when every requirement holds or is attested and every probe passed, and says how much the engineer stated', () => {
    const verdict = computeVerdict(input(3));
    expect(verdict.outcome).toBe('pass');
    expect(verdict.reasons).toEqual([]);
    expect(verdict.summary).toBe(
      'Commissioned: all 8 requirements hold on all 3 instance(s) and every probe passed; 3 attested and 0 waived by the engineer',
    );
  });

  it('fails on drift, naming the requirement and the instance', () => {
    const verdict = computeVerdict(input(3, 1));
    expect(verdict.outcome).toBe('fail');
    expect(verdict.reasons).toEqual([
      'req6 (Same REQ matching rule for the Balancer request id) on CT-WIN-2: differs from the reference (regex differs from the reference)',
    ]);
  });

  it('fails on a failed last probe, a failed blocker pre-check and a rolled-back change', () => {
    const base = input(2);
    const verdict = computeVerdict({
      ...base,
      probes: [
        ...base.probes,
        { ...(base.probes[0] as (typeof base.probes)[number]), status: 'fail', lookupMs: null, detail: 'no LookupFinished within 10 s' },
      ],
      prechecks: [{ check: 'privilege', instance: 'ct-linux-1', status: 'fail', severity: 'blocker', evidence: 'sudo refused' }],
      changes: [{ ...(base.changes[0] as (typeof base.changes)[number]), outcome: 'rolled-back' }],
    });
    expect(verdict.outcome).toBe('fail');
    expect(verdict.reasons).toEqual([
      'probe on ct-linux-1 failed: no LookupFinished within 10 s',
      'pre-check privilege on ct-linux-1 failed: sudo refused',
      'change of /opt/kaspersky/ksp/etc/kl_feed_service.conf on ct-linux-1 was rolled back',
    ]);
  });

  it('is incomplete when a finding is unknown, missing, or an instance was not probed', () => {
    const base = input(2);
    const findings = base.findings
      .filter((finding) => !(finding.requirement === 'req4' && finding.instance === 'CT-WIN-2'))
      .map((finding) =>
        finding.requirement === 'req1' && finding.instance === 'ct-linux-1'
          ? { ...finding, status: 'unknown' as const, detail: 'CertFile not readable' }
          : finding,
      );
    const verdict = computeVerdict({ ...base, findings, probes: base.probes.slice(0, 1) });
    expect(verdict.outcome).toBe('incomplete');
    expect(verdict.reasons).toEqual([
      'req1 (Same Threat Data Feeds certificate) on ct-linux-1: could not be established (CertFile not readable)',
      'req4 (Same license key (or Community Edition everywhere)) on CT-WIN-2: no finding recorded',
      'probe on CT-WIN-2: not run',
    ]);
  });

  it('does not require the optional alerts item', () => {
    const base = input(1);
    expect(computeVerdict({ ...base, findings: base.findings.filter((finding) => finding.requirement !== 'alerts') }).outcome).toBe('pass');
  });
});
