import { describe, expect, it } from 'vitest';
import { compareObservation, comparableKey, offTargetDetail } from '../../../shared/requirements/compare/compare-observation.js';
import { known, unknown } from '../../../shared/requirements/observation.js';
import { CTX, EVIDENCE, consistent, reqRule } from './fixtures.js';

const ref = consistent();

describe('compareObservation', () => {
  it('matches identical values and says so', () => {
    expect(compareObservation('req5', ref.req5, consistent().req5, CTX)).toEqual({
      status: 'match',
      detail: 'same 0 export task(s) as the reference',
    });
  });

  it('is unknown when either side could not be read, naming the reason', () => {
    expect(compareObservation('req6', ref.req6, unknown('kl_feed_service.conf not read: timeout'), CTX)).toEqual({
      status: 'unknown',
      detail: 'kl_feed_service.conf not read: timeout',
    });
    expect(compareObservation('req5', unknown('gone'), ref.req5, CTX)).toEqual({
      status: 'unknown',
      detail: 'reference not readable: gone',
    });
  });

  it('is unknown for a value that is not a valid value of the requirement', () => {
    const result = compareObservation('req6', ref.req6, known({ rules: 'nope' }, EVIDENCE), CTX);
    expect(result.status).toBe('unknown');
    expect(result.detail).toMatch(/not a valid req6 value/);
  });

  it('flags a REQ rule off the documented value even when the reference has the same value', () => {
    const wrong = consistent({ req6: reqRule(String.raw`^(\d+):`) }).req6;
    const result = compareObservation('req6', wrong, wrong, CTX);
    expect(result.status).toBe('drift');
    expect(result.detail).toBe(
      String.raw`REQ in Source "default" has regex "^(\\d+):", documented "^(\\d+)\\s" (the reference has the same value: it needs the fix too)`,
    );
    expect(offTargetDetail('req6', wrong, CTX)).toMatch(/has regex/);
  });

  it('lets the documented REQ rule match a reference that is off it, and flags a rule Balancer cannot reach', () => {
    const wrongRef = consistent({ req6: reqRule('x', 'URL') }).req6;
    expect(compareObservation('req6', wrongRef, ref.req6, CTX)).toEqual({
      status: 'match',
      detail: expect.stringMatching(/^as documented; the reference is not/) as unknown,
    });
    const elsewhere = consistent({
      req6: { rules: [{ source: 'device', sourceIp: '10.0.0.9', type: 'CONTEXT', regex: String.raw`^(\d+)\s`, attributes: {} }] },
    }).req6;
    expect(compareObservation('req6', ref.req6, elsewhere, CTX).status).toBe('drift');
    expect(compareObservation('req6', ref.req6, known({ rules: [] }, EVIDENCE), CTX).detail).toBe(
      "no REQ rule in the General tenant's InputSettings/RegExps",
    );
  });

  it('uses the project rule name in every documented value', () => {
    const ctx = { ...CTX, reqRuleName: 'BAL_ID' };
    expect(compareObservation('req8', ref.req8, ref.req8, ctx).detail).toMatch(/documented "%BAL_ID% LookupFinished"/);
    expect(compareObservation('req7', ref.req7, ref.req7, ctx).detail).toMatch(/does not start with %BAL_ID%/);
  });

  it('judges FinishedEventFormat and AlertConnectionString against the documented value only', () => {
    const off = consistent({ req8: { present: true, enabled: 'false', text: '%REQ% LookupFinished' }, alerts: { present: false } });
    expect(compareObservation('req8', off.req8, ref.req8, CTX).status).toBe('match');
    expect(compareObservation('req8', ref.req8, off.req8, CTX).detail).toBe('FinishedEventFormat: enabled="false"');
    expect(compareObservation('alerts', ref.alerts, off.alerts, CTX).detail).toBe('no AlertConnectionString element');
    expect(compareObservation('alerts', ref.alerts, ref.alerts, { reqRuleName: 'REQ' }).status).toBe('unknown');
  });

  it('drifts on formats that cannot be identical to a reference off the documented value', () => {
    const badRef = consistent({
      req7: { EventFormat: 'category=%Category%', RecordFieldContextFormat: 'x', ActionableFieldContextFormat: 'y' },
    }).req7;
    expect(compareObservation('req7', badRef, ref.req7, CTX).detail).toMatch(/fix the reference first/);
  });

  it('keeps req3 unknown on identical feeds until a spot check compares the indicators', () => {
    expect(compareObservation('req3', ref.req3, ref.req3, CTX).status).toBe('unknown');
    const spot = (digest: string) => known({ tenantFeeds: null, topLevelFeeds: null, indicators: { spotCheck: { digest } } }, EVIDENCE);
    expect(compareObservation('req3', spot('1'), spot('1'), CTX).status).toBe('match');
    expect(compareObservation('req3', spot('1'), spot('2'), CTX).status).toBe('drift');
  });

  it('compares certificates by fingerprint, not by where CertFile points, and groups them the same way', () => {
    const moved = consistent({ req1: { certFile: 'C:\\ct\\bin\\cert.pem', fingerprint: 'AB:CD', basis: 'x509-der' } }).req1;
    expect(compareObservation('req1', ref.req1, moved, CTX).status).toBe('match');
    expect(comparableKey('req1', moved)).toBe(comparableKey('req1', ref.req1));
  });

  it('tells Community Edition from a licensed reference', () => {
    const community = consistent({ req4: { keys: [], edition: 'community' } }).req4;
    expect(compareObservation('req4', ref.req4, community, CTX)).toEqual({
      status: 'drift',
      detail: 'Community Edition (no key file); the reference is licensed',
    });
    expect(compareObservation('req4', community, community, CTX).detail).toBe('Community Edition, as the reference');
  });
});
