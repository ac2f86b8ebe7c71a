// The audit on screen re-decided from the project's statements must say what evaluateCluster says after a new
// audit with those statements: checked here against the shared evaluation itself, for several statement sets.
import { describe, expect, it } from 'vitest';
import { restateAudit, toolVerdict } from '../../renderer/statements/restate-audit.js';
import { evaluateCluster, type ClusterProject } from '../../shared/requirements/evaluate-cluster.js';
import { unknown } from '../../shared/requirements/observation.js';
import { consistent } from '../shared/requirements/fixtures.js';
import { sampleAuditReport } from './samples/audit-sample.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const BALANCER = { host: '10.0.0.5', cybertracePort: 9998 };
const observations = {
  ct1: { ...consistent(), req3: unknown('indicators are not in any file') },
  ct2: {
    ...consistent({ req5: { tasks: [{ name: 'x', enabled: 'true', filters: [], settings: {}, perInstance: [] }] } }),
    req3: unknown('indicators are not in any file'),
  },
  ct3: { ...consistent(), req3: unknown('indicators are not in any file'), req8: unknown('kl_feed_service.conf refused') },
};
const who = { engineer: 'A. Engineer', date: '2026-12-01T00:00:00Z' };
const attest = (instance: string, requirement: 'req3' | 'req5' | 'req8' = 'req3') => ({
  requirement,
  instance,
  note: 'compared the indicator lists on the consoles',
  ...who,
});
const waive = (instance: string, requirement: 'req5' | 'req8', expires?: string) => ({
  requirement,
  instance,
  justification: 'accepted by the customer for this site',
  ...who,
  ...(expires === undefined ? {} : { expires }),
});

type Statements = Pick<ClusterProject, 'attestations' | 'waivers'>;
const SETS: Record<string, Statements> = {
  none: { attestations: [], waivers: [] },
  'req3 attested everywhere': { attestations: ['ct1', 'ct2', 'ct3'].map((name) => attest(name)), waivers: [] },
  'drift waived, unknown waived': { attestations: [], waivers: [waive('ct2', 'req5'), waive('ct3', 'req8', '2027-01-01T00:00:00Z')] },
  'expired waiver, attestation on a drift (no effect)': {
    attestations: [attest('ct2', 'req5')],
    waivers: [waive('ct2', 'req5', '2026-12-05T00:00:00Z')],
  },
  'attested and waived at once': { attestations: [attest('ct3', 'req8')], waivers: [waive('ct3', 'req8')] },
};

const project = (statements: Statements): ClusterProject => ({
  instances: [{ name: 'ct1' }, { name: 'ct2' }, { name: 'ct3' }],
  referenceInstance: 'ct1',
  reqRuleName: 'REQ',
  ...statements,
});
const evaluated = (statements: Statements) => evaluateCluster(observations, project(statements), { now: NOW, balancer: BALANCER });
const asReport = (statements: Statements) => ({ ...sampleAuditReport(), findings: evaluated(statements) });

describe('restateAudit', () => {
  for (const [from, before] of Object.entries(SETS)) {
    for (const [to, after] of Object.entries(SETS)) {
      it(`from "${from}" to "${to}": the findings evaluateCluster gives with the new statements`, () => {
        const restated = restateAudit(asReport(before), after, NOW);
        expect(restated.findings.findings).toEqual(evaluated(after).findings);
      });
    }
  }

  it('the statuses really change (the comparison above is not of identical inputs)', () => {
    const restated = restateAudit(asReport(SETS.none!), SETS['req3 attested everywhere']!, NOW);
    const req3 = restated.findings.findings.filter((finding) => finding.requirement === 'req3');
    expect(req3.map((finding) => finding.status)).toEqual(['attested', 'attested', 'attested']);
    expect(req3.every((finding) => finding.verifiedBy === 'engineer')).toBe(true);
  });

  it("recounts and re-judges the verdict; values, evidence and groups stay the audit's", () => {
    const report = asReport(SETS.none!);
    expect(report.findings.findings.filter((finding) => finding.status === 'unknown')).toHaveLength(4);
    const restated = restateAudit(
      report,
      { attestations: [attest('ct1'), attest('ct2'), attest('ct3'), attest('ct3', 'req8')], waivers: [waive('ct2', 'req5')] },
      NOW,
    );
    expect(restated.counts).toEqual({ match: 22, drift: 0, unknown: 0, attested: 4, waived: 1 });
    expect(restated.verdict).toBe('consistent');
    expect(restated.findings.requirements).toBe(report.findings.requirements);
    expect(restated.instances).toBe(report.instances);
    const before = restateAudit(report, SETS.none!, NOW);
    expect(before.verdict).toBe('drift');
  });

  it("toolVerdict takes a statement off again: the tool's status, detail and verifier", () => {
    const attested = evaluated(SETS['req3 attested everywhere']!).findings.find((f) => f.requirement === 'req3' && f.instance === 'ct2')!;
    const plain = evaluated(SETS.none!).findings.find((f) => f.requirement === 'req3' && f.instance === 'ct2')!;
    expect(attested.status).toBe('attested');
    expect(toolVerdict(attested)).toEqual(plain);
  });
});
