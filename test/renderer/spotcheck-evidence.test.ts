// What of a spot-check becomes evidence: only a consistent one, as a count, the instances and a digest of the
// comparison (never the indicators or a password), validated by the project schema; the table's "which instance differs".
import { describe, expect, it } from 'vitest';
import { AttestationSchema, ProjectSchema } from '../../shared/project/schema.js';
import { assembleEvidence } from '../../shared/report/assemble-evidence.js';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';
import {
  attachRefusal,
  comparisonText,
  instanceRows,
  sha256Text,
  spotCheckEvidence,
} from '../../renderer/spotcheck/spot-check-evidence.js';
import { sampleProject } from './fake-api.js';
import { differingIndicator, lookup, sampleDiffers, sampleSpotCheck } from './spotcheck-sample.js';

describe('spot-check evidence', () => {
  it('a consistent result: count, instances and the sha256 of the comparison; no indicator or user in it', async () => {
    const result = sampleSpotCheck();
    const evidence = await spotCheckEvidence(result);
    expect(evidence).toEqual({
      at: '2026-12-07T13:00:00.000Z',
      indicators: 2,
      instances: ['ct1', 'ct2'],
      consistent: true,
      digest: await sha256Text(comparisonText(result)),
    });
    expect(evidence?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(evidence)).not.toMatch(/bad\.example|198\.51|admin/);
    // The digest follows the answers: another category is another digest.
    const other = sampleSpotCheck({
      indicators: [
        { ...result.indicators[0]!, groups: [{ result: 'detected', categories: ['C3'], instances: ['ct1', 'ct2'] }] },
        result.indicators[1]!,
      ],
    });
    expect((await spotCheckEvidence(other))?.digest).not.toBe(evidence?.digest);
    expect(await sha256Text('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('inconsistent, incomplete and stopped results cannot be attached, each saying why', async () => {
    const differs = sampleDiffers();
    expect(await spotCheckEvidence(differs)).toBeUndefined();
    expect(attachRefusal(differs)).toMatch(/^It cannot be attached: the instances answered 1 indicator\(s\) differently/);
    const incomplete = sampleSpotCheck({ outcome: 'incomplete', instances: [lookup('ct1', 'a'), lookup('ct2', 'b', false)] });
    expect(attachRefusal(incomplete)).toBe('It cannot be attached: ct2 could not be checked, so the instances were not all compared.');
    expect(attachRefusal(sampleSpotCheck({ outcome: 'stopped' }))).toMatch(/changed certificate/);
    expect(attachRefusal(sampleSpotCheck())).toBeUndefined();
  });

  it('the project schema takes the evidence on a req3 attestation of a checked instance, and refuses anything else', async () => {
    const spotCheck = (await spotCheckEvidence(sampleSpotCheck()))!;
    const attestation = {
      requirement: 'req3',
      instance: 'ct2',
      note: 'lists compared by spot-check',
      engineer: 'E',
      date: '2026-12-07T13:05:00Z',
    };
    expect(AttestationSchema.parse({ ...attestation, spotCheck })).toEqual({ ...attestation, spotCheck });
    expect(ProjectSchema.safeParse({ ...sampleProject(), attestations: [{ ...attestation, spotCheck }] }).success).toBe(true);
    const issues = (value: unknown) =>
      AttestationSchema.safeParse(value).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues({ ...attestation, spotCheck: { ...spotCheck, consistent: false } })).toEqual([
      ['spotCheck.consistent', 'only a consistent spot-check can be attached'],
    ]);
    expect(issues({ ...attestation, requirement: 'req4', spotCheck })).toEqual([
      ['spotCheck', 'a spot-check is evidence for requirement 3 (req3) only'],
    ]);
    expect(issues({ ...attestation, instance: 'ct9', spotCheck })).toEqual([
      ['spotCheck.instances', 'the spot-check did not check ct9: it cannot be evidence for it'],
    ]);
    expect(issues({ ...attestation, spotCheck: { ...spotCheck, digest: 'abc' } })).toEqual([
      ['spotCheck.digest', 'expected "sha256:" and 64 lowercase hex digits'],
    ]);
    expect(issues({ ...attestation, spotCheck: { ...spotCheck, password: 'x' } })?.[0]?.[0]).toBe('spotCheck');
    // Without evidence, an attestation is as before.
    expect(AttestationSchema.safeParse(attestation).success).toBe(true);
  });

  it('per-instance rows: checking while running, then state, certificate and the indicators where it is the odd one out', () => {
    const instances = [
      { name: 'ct1', host: '10.0.0.11' },
      { name: 'ct2', host: '10.0.0.12' },
      { name: 'ct3', host: '10.0.0.13' },
    ];
    expect(instanceRows(instances, 443, undefined).map((row) => [row.instance, row.endpoint, row.state])).toEqual([
      ['ct1', '10.0.0.11:443', 'checking'],
      ['ct2', '10.0.0.12:443', 'checking'],
      ['ct3', '10.0.0.13:443', 'checking'],
    ]);
    const result = sampleSpotCheck({
      outcome: 'incomplete',
      instances: [lookup('ct1', '10.0.0.11'), lookup('ct2', '10.0.0.12'), lookup('ct3', '10.0.0.13', false)],
      indicators: [
        differingIndicator('x'),
        { indicator: 'y', consistent: true, groups: [{ result: 'not detected', categories: [], instances: ['ct1', 'ct2'] }], missing: [] },
      ],
    });
    const rows = instanceRows(instances, 443, result);
    expect(rows.map((row) => [row.instance, row.endpoint, row.state, row.certificate, row.differsOn])).toEqual([
      // A tie (one against one) has no majority: both differ.
      ['ct1', '10.0.0.11:9443', 'answered', 'accepted for this run', ['x']],
      ['ct2', '10.0.0.12:9443', 'answered', 'pinned, matches', ['x']],
      ['ct3', '10.0.0.13:9443', 'failed', '—', []],
    ]);
    expect(rows[2]?.failure).toBe('unauthorized: 401 Unauthorized');
    const majority = instanceRows(instances.slice(0, 2).concat({ name: 'ct3', host: 'h' }), 443, {
      ...result,
      instances: [lookup('ct1', 'a'), lookup('ct2', 'b'), lookup('ct3', 'c')],
      indicators: [
        {
          indicator: 'x',
          consistent: false,
          groups: [
            { result: 'detected', categories: [], instances: ['ct1', 'ct3'] },
            { result: 'not detected', categories: [], instances: ['ct2'] },
          ],
          missing: [],
        },
      ],
    });
    expect(majority.map((row) => row.differsOn)).toEqual([[], ['x'], []]);
  });

  it("the report's evidence carries the attached spot-check with the attestation", async () => {
    const spotCheck = (await spotCheckEvidence(sampleSpotCheck()))!;
    const attestation = {
      requirement: 'req3' as const,
      instance: 'ct2',
      note: 'lists compared by spot-check',
      engineer: 'E',
      date: '2026-12-07T13:05:00Z',
    };
    const project = { ...sampleProject(), attestations: [{ ...attestation, spotCheck }] };
    const input = EvidenceInputSchema.parse(
      assembleEvidence({ engineer: 'E', project, prechecks: [], audit: sampleAuditReport(), applies: [], probe: sampleProbeResult() }),
    );
    expect(input.attestations).toEqual([{ ...attestation, spotCheck }]);
  });
});
