// The post-apply rule: a fixable part that still differs fails; a part unreadable before and after does not.
import { describe, expect, it } from 'vitest';
import { compareObservation } from '../../../shared/requirements/compare/compare-observation.js';
import { REQUIREMENT_IDS, type RequirementId } from '../../../shared/requirements/ids.js';
import type { JsonValue } from '../../../shared/requirements/json.js';
import { known, unknown, type Observation } from '../../../shared/requirements/observation.js';
import { REQUIREMENT_PARTS, compareParts, verifyFixed, verifyFixedObservations } from '../../../shared/requirements/verify-fixed.js';
import { CTX, EVIDENCE, consistent, reqRule } from './fixtures.js';

const feed = (name: string, state = 'true'): JsonValue => ({
  name,
  state,
  content: { name: 'Feed', attributes: { feedname: name }, text: '', children: [] },
});

/** Requirement 3 on 5.x: the General tenant's non-Kaspersky feeds switched on, indicators as given. */
const req3 = (feeds: readonly JsonValue[], indicators: JsonValue = 'not-readable'): Observation =>
  known({ tenantFeeds: [...feeds], topLevelFeeds: null, indicators }, EVIDENCE);

/** Per requirement: a reference, the instance as the plan found it (drifting), and as the fix leaves it. */
const CASES: Record<RequirementId, { reference: Observation; drifted: Observation; fixed: Observation }> = (() => {
  const ref = consistent();
  const off = consistent({
    req1: { certFile: '/opt/kaspersky/ktfs/etc/cert.pem', fingerprint: 'EF:01', basis: 'x509-der' },
    req2: { feeds: [], tenantUsage: null },
    req4: { keys: ['c'.repeat(64)], edition: 'licensed' },
    req5: { tasks: [{ name: 'window', enabled: 'true', filters: [], settings: {}, perInstance: [] }] },
    req6: reqRule(String.raw`^(\d+):`),
    req7: {
      EventFormat: 'category=%Category%',
      RecordFieldContextFormat: '%ParamName%=%ParamValue%',
      ActionableFieldContextFormat: ' %ParamName%:%ParamValue%',
    },
    req8: { present: true, enabled: 'false', text: '%REQ% LookupFinished' },
    alerts: { present: true, enabled: 'false', text: '10.0.0.5:9998' },
  });
  return Object.fromEntries(
    REQUIREMENT_IDS.map((id) => [
      id,
      id === 'req3'
        ? { reference: req3([]), drifted: req3([feed('Demo_Botnet.json')]), fixed: req3([]) }
        : { reference: ref[id], drifted: off[id], fixed: consistent()[id] },
    ]),
  ) as Record<RequirementId, { reference: Observation; drifted: Observation; fixed: Observation }>;
})();

const unreadable = unknown('kl_feed_service.conf could not be read: permission denied');

describe.each(REQUIREMENT_IDS.map((id) => [id]))('verifyFixed, %s', (id) => {
  const { reference, drifted, fixed } = CASES[id];

  it('the cases are what they claim: drifting before, not drifting after', () => {
    expect(compareObservation(id, reference, drifted, CTX).status).toBe('drift');
    expect(compareObservation(id, reference, fixed, CTX).status).not.toBe('drift');
  });

  it('confirms a fix: no failure', () => {
    const verdict = verifyFixedObservations(id, CTX, reference, drifted, fixed);
    expect(verdict.requirement).toBe(id);
    expect(verdict.failures).toEqual([]);
    // Only requirement 3 keeps a part nobody can read (its indicators), and it is said, not failed.
    expect(verdict.notes).toEqual(id === 'req3' ? [expect.stringMatching(/^req3 indicators: unknown as before the apply/) as unknown] : []);
  });

  it('fails a fixable part that still differs, naming it', () => {
    const verdict = verifyFixedObservations(id, CTX, reference, drifted, drifted);
    const part = REQUIREMENT_PARTS[id][0]?.part ?? '';
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.failures[0]).toContain(`${id} ${part}: still different after the apply`);
  });

  it('fails a part that was readable before and cannot be read after', () => {
    const verdict = verifyFixedObservations(id, CTX, reference, drifted, unreadable);
    expect(verdict.failures[0]).toMatch(
      new RegExp(
        `^${id} .*: cannot be read after the apply, so the fix is not confirmed \\(.*permission denied\\); it was drift before the apply$`,
      ),
    );
  });

  it('does not fail a part that was unreadable before and stays unreadable', () => {
    const verdict = verifyFixedObservations(id, CTX, reference, unreadable, unreadable);
    expect(verdict.failures).toEqual([]);
    expect(verdict.notes.length).toBeGreaterThan(0);
    expect(verdict.notes.every((note) => note.includes('permission denied'))).toBe(true);
  });

  it('without an observation from before the apply, an unreadable part is not confirmed', () => {
    const verdict = verifyFixedObservations(id, CTX, reference, undefined, unreadable);
    expect(verdict.failures[0]).toMatch(/it was not observed before the apply$/);
  });

  it('fails a fixable part that was unreadable before and drifts now', () => {
    expect(verifyFixedObservations(id, CTX, reference, unreadable, drifted).failures[0]).toContain('still different after the apply');
  });
});

describe('verifyFixed, requirement 3 parts', () => {
  it('splits requirement 3 into its fixable feeds and its unreadable indicators', () => {
    expect(compareParts('req3', req3([]), req3([feed('Demo_Botnet.json')]), CTX)).toEqual([
      { part: 'feeds', fixable: true, status: 'drift', detail: expect.stringContaining('Demo_Botnet.json') as unknown },
      { part: 'indicators', fixable: false, status: 'unknown', detail: expect.stringContaining('not readable') as unknown },
    ]);
    // The whole requirement stays unknown after the feeds are fixed: that is what used to undo the fix.
    expect(compareObservation('req3', req3([]), req3([]), CTX).status).toBe('unknown');
    expect(compareParts('req3', req3([]), req3([]), CTX).map((part) => part.status)).toEqual(['match', 'unknown']);
  });

  it('a switched-off feed is fixed even when it stays listed; a feed switched on only here is not', () => {
    expect(
      verifyFixedObservations('req3', CTX, req3([feed('A.json')]), req3([feed('A.json'), feed('B.json')]), req3([feed('A.json')])).failures,
    ).toEqual([]);
    expect(
      verifyFixedObservations('req3', CTX, req3([feed('A.json')]), req3([]), req3([feed('A.json'), feed('B.json')])).failures[0],
    ).toMatch(/^req3 feeds: still different/);
  });

  it('compares the indicators when a spot check ran: made worse fails, left as it was is a note', () => {
    const spot = (digest: string) => ({ spotCheck: { digest } });
    const reference = req3([], spot('1'));
    const worse = verifyFixedObservations('req3', CTX, reference, req3([feed('D.json')], spot('1')), req3([], spot('2')));
    expect(worse.failures).toEqual([
      expect.stringMatching(/^req3 indicators: matched the reference before the apply, now drift/) as unknown,
    ]);
    const asBefore = verifyFixedObservations('req3', CTX, reference, req3([feed('D.json')], spot('2')), req3([], spot('2')));
    expect(asBefore.failures).toEqual([]);
    expect(asBefore.notes).toEqual([
      expect.stringMatching(/^req3 indicators: drift as before the apply; the tool does not change it/) as unknown,
    ]);
    expect(verifyFixedObservations('req3', CTX, reference, req3([feed('D.json')], spot('1')), req3([], spot('1')))).toEqual({
      requirement: 'req3',
      failures: [],
      notes: [],
    });
  });

  it('an unknown reference leaves every part unknown with its reason', () => {
    const parts = compareParts('req3', unknown('reference gone'), req3([]), CTX);
    expect(parts.map((part) => [part.status, part.detail])).toEqual([
      ['unknown', 'reference not readable: reference gone'],
      ['unknown', 'reference not readable: reference gone'],
    ]);
  });
});

describe('verifyFixed, alerts without a known Balancer', () => {
  it('an alerts target unread before and after is a note, not a failure', () => {
    const noBalancer = { reqRuleName: 'REQ' };
    const { reference, drifted, fixed } = CASES.alerts;
    const verdict = verifyFixedObservations('alerts', noBalancer, reference, drifted, fixed);
    expect(verdict.failures).toEqual([]);
    expect(verdict.notes).toEqual([
      expect.stringMatching(
        /^alerts AlertConnectionString: not readable before the apply and still not readable \(Balancer's address/,
      ) as unknown,
    ]);
  });

  it('a target that was known before and is unread after is not confirmed', () => {
    const before = compareParts('alerts', CASES.alerts.reference, CASES.alerts.drifted, CTX);
    const after = compareParts('alerts', CASES.alerts.reference, CASES.alerts.fixed, { reqRuleName: 'REQ' });
    expect(verifyFixed('alerts', before, after).failures[0]).toMatch(/cannot be read after the apply/);
  });
});
