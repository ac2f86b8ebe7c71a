import { describe, expect, it } from 'vitest';
import { evaluateCluster, type ClusterProject } from '../../../shared/requirements/evaluate-cluster.js';
import { ClusterFindingsSchema, type Finding } from '../../../shared/requirements/finding.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { unknown } from '../../../shared/requirements/observation.js';
import { consistent, reqRule } from './fixtures.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const BALANCER = { host: '10.0.0.5', cybertracePort: 9998 };
const project = (extra: Partial<ClusterProject> = {}): ClusterProject => ({
  instances: [{ name: 'ct1' }, { name: 'ct2' }, { name: 'ct3' }],
  referenceInstance: 'ct1',
  reqRuleName: 'REQ',
  waivers: [],
  attestations: [],
  ...extra,
});
const finding = (findings: readonly Finding[], requirement: string, instance: string): Finding | undefined =>
  findings.find((f) => f.requirement === requirement && f.instance === instance);
const waiver = {
  requirement: 'req5' as const,
  instance: 'ct2',
  justification: 'export tasks differ on purpose for the lab',
  engineer: 'A. Engineer',
  date: '2026-01-01T00:00:00Z',
};

describe('evaluateCluster', () => {
  const observations = {
    ct1: consistent(),
    ct2: consistent({ req5: { tasks: [{ name: 'x', enabled: 'true', filters: [], settings: {}, perInstance: [] }] } }),
    ct3: consistent(),
  };

  it('gives one valid finding per requirement and instance, in procedure then project order', () => {
    const result = evaluateCluster(observations, project(), { now: NOW, balancer: BALANCER });
    expect(ClusterFindingsSchema.parse(result)).toEqual(result);
    expect(result.findings.map((f) => `${f.requirement}/${f.instance}`)).toEqual(
      REQUIREMENT_IDS.flatMap((id) => ['ct1', 'ct2', 'ct3'].map((name) => `${id}/${name}`)),
    );
    expect(finding(result.findings, 'req5', 'ct2')).toMatchObject({
      status: 'drift',
      compared: 'drift',
      verifiedBy: 'tool',
      isReference: false,
    });
    expect(finding(result.findings, 'req5', 'ct1')).toMatchObject({ status: 'match', detail: 'reference instance', isReference: true });
    expect(result.evaluatedAt).toBe('2026-03-01T12:00:00.000Z');
  });

  it('groups instances with identical values, the reference group first', () => {
    const result = evaluateCluster(observations, project(), { now: NOW, balancer: BALANCER });
    const groups = result.requirements.find((r) => r.requirement === 'req5')?.groups;
    expect(groups?.map((g) => [g.instances, g.includesReference])).toEqual([
      [['ct1', 'ct3'], true],
      [['ct2'], false],
    ]);
    const unknownGroup = evaluateCluster({ ...observations, ct3: { ...consistent(), req5: unknown('not read') } }, project(), {
      now: NOW,
    }).requirements.find((r) => r.requirement === 'req5')?.groups;
    expect(unknownGroup?.map((g) => [g.key === 'unknown' ? 'unknown' : 'value', g.instances])).toEqual([
      ['value', ['ct1']],
      ['value', ['ct2']],
      ['unknown', ['ct3']],
    ]);
  });

  it('applies a waiver in force to a drift, by the engineer, and shows it', () => {
    const result = evaluateCluster(observations, project({ waivers: [{ ...waiver, expires: '2026-06-01T00:00:00Z' }] }), { now: NOW });
    const waived = finding(result.findings, 'req5', 'ct2');
    expect(waived).toMatchObject({
      status: 'waived',
      compared: 'drift',
      verifiedBy: 'engineer',
      waiver: { engineer: 'A. Engineer', expires: '2026-06-01T00:00:00Z' },
    });
    expect(waived?.detail).toContain('waived by A. Engineer: export tasks differ on purpose');
  });

  it('does not apply an expired waiver, and says it expired', () => {
    const result = evaluateCluster(observations, project({ waivers: [{ ...waiver, expires: '2026-02-01T00:00:00Z' }] }), { now: NOW });
    const stillDrift = finding(result.findings, 'req5', 'ct2');
    expect(stillDrift).toMatchObject({ status: 'drift', verifiedBy: 'tool' });
    expect(stillDrift?.waiver).toBeUndefined();
    expect(stillDrift?.detail).toContain('the waiver by A. Engineer expired 2026-02-01T00:00:00Z');
  });

  it('turns the unreadable indicators into attested where the engineer attested them, and only there', () => {
    const attestation = {
      requirement: 'req3' as const,
      instance: 'ct3',
      note: 'compared FalsePositive lists in CyberTrace Web',
      engineer: 'B. Engineer',
      date: '2026-02-20T00:00:00Z',
    };
    const result = evaluateCluster(observations, project({ attestations: [attestation] }), { now: NOW });
    expect(finding(result.findings, 'req3', 'ct3')).toMatchObject({
      status: 'attested',
      compared: 'unknown',
      verifiedBy: 'engineer',
      attestation: { engineer: 'B. Engineer' },
    });
    expect(finding(result.findings, 'req3', 'ct2')).toMatchObject({ status: 'unknown', verifiedBy: 'tool' });
    // An attestation does not cover a drift.
    const onDrift = evaluateCluster(observations, project({ attestations: [{ ...attestation, requirement: 'req5', instance: 'ct2' }] }), {
      now: NOW,
    });
    expect(finding(onDrift.findings, 'req5', 'ct2')?.status).toBe('drift');
  });

  it('flags a reference off the documented value, and instances sharing its mistake', () => {
    const wrong = reqRule(String.raw`^(\d+):`);
    const result = evaluateCluster({ ct1: consistent({ req6: wrong }), ct2: consistent({ req6: wrong }), ct3: consistent() }, project(), {
      now: NOW,
    });
    expect(result.requirements.find((r) => r.requirement === 'req6')?.referenceOffTarget).toMatch(/has regex "\^\(\\\\d\+\):"/);
    expect(finding(result.findings, 'req6', 'ct1')).toMatchObject({
      status: 'drift',
      isReference: true,
      detail: expect.stringMatching(/^the reference itself is off the documented value/) as unknown,
    });
    expect(finding(result.findings, 'req6', 'ct2')?.detail).toMatch(/the reference has the same value/);
    expect(finding(result.findings, 'req6', 'ct3')?.status).toBe('match');
  });

  it('treats an instance without observations as not audited, and refuses observations of unknown instances', () => {
    const result = evaluateCluster({ ct1: consistent(), ct2: consistent() }, project(), { now: NOW });
    expect(finding(result.findings, 'req1', 'ct3')).toMatchObject({ status: 'unknown', detail: 'ct3 was not audited', observed: null });
    expect(() => evaluateCluster({ ...observations, ct9: consistent() }, project(), { now: NOW })).toThrow(
      'observations for instances the project does not have: ct9',
    );
  });

  it('leaves the alerts item unknown without a Balancer', () => {
    const result = evaluateCluster(observations, project(), { now: NOW });
    expect(finding(result.findings, 'alerts', 'ct2')).toMatchObject({
      status: 'unknown',
      detail: expect.stringMatching(/Balancer/) as unknown,
    });
  });
});
