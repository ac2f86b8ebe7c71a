// Issue 11 item 6: the alerts item judged by the project's `alerts` setting (REFERENCE 3.5 step 9, 1.4.2).
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../../shared/project/parse.js';
import { computeVerdict, type VerdictInput } from '../../../shared/report/verdict.js';
import { compareObservation } from '../../../shared/requirements/compare/compare-observation.js';
import type { RequirementContext } from '../../../shared/requirements/context.js';
import { evaluateCluster, type ClusterProject } from '../../../shared/requirements/evaluate-cluster.js';
import { known, unknown } from '../../../shared/requirements/observation.js';
import { EVIDENCE, consistent } from './fixtures.js';

const BALANCER = { host: '10.0.0.5', cybertracePort: 9998 };
const FORMAT = '%Date% alert=%Alert% %RecordContext%';
const sent = (text: string, alertFormat: string | null = FORMAT, enabled: string | null = 'true') =>
  known({ present: true, enabled, text, alertFormat }, EVIDENCE);
const TO_BALANCER = sent('10.0.0.5:9998');
const TO_SIEM = sent('10.9.9.9:514');

function compare(
  alerts: RequirementContext['alerts'],
  reference: ReturnType<typeof sent>,
  instance: ReturnType<typeof sent>,
  balancer = true,
) {
  const ctx: RequirementContext = { reqRuleName: 'REQ', ...(balancer ? { balancer: BALANCER } : {}), ...(alerts ? { alerts } : {}) };
  return compareObservation('alerts', reference, instance, ctx);
}

describe('alerts: balancer', () => {
  it('with a known Balancer (kl_balancer.conf): its address matches, the SIEM drifts, a missing AlertFormat drifts', () => {
    expect(compare('balancer', TO_BALANCER, TO_BALANCER).status).toBe('match');
    expect(compare('balancer', TO_BALANCER, TO_SIEM)).toMatchObject({
      status: 'drift',
      detail: expect.stringContaining('documented "10.0.0.5:9998"') as string,
    });
    expect(compare('balancer', TO_BALANCER, sent('10.0.0.5:9998', null))).toMatchObject({
      status: 'drift',
      detail: expect.stringContaining('no AlertFormat') as string,
    });
  });
  it('without kl_balancer.conf (no Balancer known): unknown, whatever the instance has', () => {
    expect(compare('balancer', TO_BALANCER, TO_BALANCER, false)).toMatchObject({
      status: 'unknown',
      detail: expect.stringContaining('not known') as string,
    });
  });
  it('an absent setting is judged as balancer (callers that do not pass it yet)', () => {
    expect(compare(undefined, TO_BALANCER, TO_SIEM).status).toBe('drift');
  });
});

describe('alerts: siem', () => {
  it('sent and identical to the reference: match, with or without a Balancer', () => {
    expect(compare('siem', TO_SIEM, TO_SIEM).status).toBe('match');
    expect(compare('siem', TO_SIEM, TO_SIEM, false).status).toBe('match');
  });
  it('sent elsewhere than the reference, or in another format: drift', () => {
    expect(compare('siem', TO_SIEM, TO_BALANCER)).toMatchObject({
      status: 'drift',
      detail: expect.stringContaining('differ from the reference') as string,
    });
    expect(compare('siem', TO_SIEM, sent('10.9.9.9:514', '%Date% other')).status).toBe('drift');
  });
  it('switched off, or without AlertFormat: not sent, drift even when the reference is the same', () => {
    expect(compare('siem', TO_SIEM, sent('10.9.9.9:514', FORMAT, 'false'))).toMatchObject({
      status: 'drift',
      detail: expect.stringContaining('not sent') as string,
    });
    const noFormat = sent('10.9.9.9:514', null);
    expect(compare('siem', noFormat, noFormat)).toMatchObject({
      status: 'drift',
      detail: expect.stringContaining('no AlertFormat') as string,
    });
  });
});

describe('alerts: not-required', () => {
  it('reports without judging: anything matches, with or without a Balancer, and says so', () => {
    for (const balancer of [true, false]) {
      const result = compare('not-required', TO_BALANCER, sent('1.2.3.4:1', null, 'false'), balancer);
      expect(result.status).toBe('match');
      expect(result.detail).toMatch(/^not required .*not judged.*no AlertFormat/);
    }
  });
});

describe('alerts in evaluateCluster and the verdict', () => {
  const project: ClusterProject = {
    instances: [{ name: 'ct1' }, { name: 'ct2' }],
    referenceInstance: 'ct1',
    reqRuleName: 'REQ',
    waivers: [],
    attestations: [],
  };
  const observations = {
    ct1: consistent({ alerts: { present: true, enabled: 'true', text: '10.0.0.5:9998', alertFormat: FORMAT } }),
    ct2: { ...consistent(), alerts: unknown('kl_feed_service.conf not readable') },
  };
  const alertsOf = (alerts: RequirementContext['alerts']) =>
    evaluateCluster(observations, project, {
      now: new Date('2026-03-01T00:00:00Z'),
      balancer: BALANCER,
      ...(alerts ? { alerts } : {}),
    }).findings.filter((f) => f.requirement === 'alerts');

  it('not-required: an unreadable alerts item is not a gap, so the verdict is not incomplete because of it', () => {
    const findings = alertsOf('not-required');
    expect(findings.map((f) => f.status)).toEqual(['match', 'match']);
    expect(findings[1]?.detail).toMatch(/not judged; not read/);
    const verdict = computeVerdict({
      instances: project.instances,
      findings: JSON.parse(JSON.stringify(findings)) as VerdictInput['findings'],
      probes: [],
      prechecks: [],
      changes: [],
    });
    expect(verdict.reasons.some((reason) => reason.startsWith('alerts'))).toBe(false);
  });
  it('balancer: the same unreadable item is unknown (a required item)', () => {
    expect(alertsOf('balancer').map((f) => f.status)).toEqual(['match', 'unknown']);
  });
});

describe('the project setting', () => {
  const base = {
    schemaVersion: 1,
    name: 'c',
    instances: [{ name: 'ct1', host: '10.0.0.1', port: 22, os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'sudo' }],
    referenceInstance: 'ct1',
  };
  it('is optional (absent = not-required for the engine) and takes the three values', () => {
    const absent = validateProject(base);
    expect(absent.ok && absent.project.alerts).toBe(undefined);
    for (const alerts of ['balancer', 'siem', 'not-required']) {
      const result = validateProject({ ...base, alerts });
      expect(result.ok && result.project.alerts).toBe(alerts);
    }
  });
  it('refuses anything else with a specific message', () => {
    const result = validateProject({ ...base, alerts: 'sime' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ path: 'alerts', message: 'expected "balancer", "siem" or "not-required"' }),
    ]);
  });
});
