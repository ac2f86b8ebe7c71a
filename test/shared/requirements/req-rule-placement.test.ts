import { describe, expect, it } from 'vitest';
import { compareObservation } from '../../../shared/requirements/compare/compare-observation.js';
import { reqRulePlacement } from '../../../shared/requirements/compare/req-rule.js';
import type { JsonValue } from '../../../shared/requirements/json.js';
import type { ReqRule } from '../../../shared/requirements/values/req-rule.js';
import { CTX, consistent } from './fixtures.js';

const REGEX = String.raw`^(\d+)\s`;
const rule = (source: string | null, binding: { sourceIp?: string; sourceHostname?: string } = {}): ReqRule => ({
  source,
  ...binding,
  type: 'CONTEXT',
  regex: REGEX,
  attributes: {},
});
const value = (...rules: ReqRule[]): JsonValue => ({ rules }) as unknown as JsonValue;
const compare = (instance: JsonValue, reference: JsonValue = value(rule('default')), ctx: Parameters<typeof compareObservation>[3] = CTX) =>
  compareObservation('req6', consistent({ req6: reference }).req6, consistent({ req6: instance }).req6, ctx);

describe('where the REQ rule sits (REFERENCE 1.5, 3.5 step 6)', () => {
  it('a named Source bound to the Balancer address passes, even when the reference keeps the rule in default', () => {
    const bound = value(rule('balancer', { sourceIp: CTX.balancer.host }));
    expect(reqRulePlacement(rule('balancer', { sourceIp: CTX.balancer.host }), CTX).kind).toBe('reachable');
    expect(compare(bound)).toEqual({ status: 'match', detail: expect.stringContaining('Source "balancer"') as unknown });
    // and the other way round: the reference's named Source does not make default drift
    expect(compare(value(rule('default')), bound).status).toBe('match');
  });

  it('a named Source bound to another address is drift naming the source and both addresses', () => {
    const result = compare(value(rule('MyDevice', { sourceIp: '10.9.9.9' })));
    expect(result.status).toBe('drift');
    expect(result.detail).toMatch(/Source "MyDevice" is bound to ip="10\.9\.9\.9".*not Balancer's address 10\.0\.0\.5/);
  });

  it('a rule in a lookup-only source is drift; one in default next to it keeps the instance reachable', () => {
    expect(compare(value(rule('http_single_lookup'))).detail).toMatch(/CyberTrace Web lookups/);
    expect(compare(value(rule('default'), rule('http_single_lookup'))).status).toBe('match');
  });

  it('without a Balancer address an ip-bound Source is unknown placement, not drift', () => {
    const result = compare(value(rule('MyDevice', { sourceIp: '10.9.9.9' })), undefined, { reqRuleName: 'REQ' });
    expect(result.status).toBe('unknown');
    expect(result.detail).toMatch(/Balancer's address is not known/);
    expect(
      compare(value(rule('MyDevice', { sourceIp: '10.9.9.9' })), undefined, {
        reqRuleName: 'REQ',
        balancer: { host: 'bal.example', cybertracePort: 9998 },
      }).status,
    ).toBe('unknown');
  });

  it('a named Source with no ip or hostname is undocumented: unknown placement', () => {
    const result = compare(value(rule('balancer')));
    expect(result).toEqual({ status: 'unknown', detail: expect.stringMatching(/neither ip nor hostname: .*undocumented/) as unknown });
    expect(compare(value(rule('syslog', { sourceHostname: 'bal' }))).detail).toMatch(/hostname="bal".*undocumented/);
  });

  it('a reachable rule whose attributes differ from the reference still drifts', () => {
    const extra: ReqRule = { ...rule('balancer', { sourceIp: CTX.balancer.host }), attributes: { extract: 'all' } };
    expect(compare(value(extra)).status).toBe('drift');
  });
});
