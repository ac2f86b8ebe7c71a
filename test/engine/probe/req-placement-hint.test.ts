// The probe's placement hint (issue 11 item 4): built on the audit's placement rule, asked about this machine.
import { describe, expect, it } from 'vitest';
import { eventSourceAddress, untestableReqRule, withPlacementHint } from '../../../engine/probe/req-placement-hint.js';
import type { ReqRule } from '../../../shared/requirements/values/req-rule.js';

const rule = (source: string | null, binding: { sourceIp?: string; sourceHostname?: string } = {}): ReqRule => ({
  source,
  ...binding,
  type: 'CONTEXT',
  regex: String.raw`^(\d+)\s`,
  attributes: {},
});
const hint = (rules: ReqRule[], here = '192.0.2.7'): string | undefined => untestableReqRule({ rules }, here, 'REQ');

describe('untestableReqRule', () => {
  it('a rule in a Source bound to another address: not testable, naming the address, the Source and this machine', () => {
    const message = hint([rule('balancer', { sourceIp: '10.0.0.5' })]);
    expect(message).toMatch(/^not testable from this machine: the rule applies to events from 10\.0\.0\.5 /);
    expect(message).toContain('Source "balancer" ip="10.0.0.5"');
    expect(message).toContain('this machine sends from 192.0.2.7');
  });

  it('testable when any rule is reachable from here: default, or a Source bound to this address (IPv4-mapped too)', () => {
    expect(hint([rule('default')])).toBeUndefined();
    expect(hint([rule('balancer', { sourceIp: '10.0.0.5' }), rule('default')])).toBeUndefined();
    expect(hint([rule('mine', { sourceIp: '192.0.2.7' })])).toBeUndefined();
    expect(hint([rule('mine', { sourceIp: '192.0.2.7' })], '::ffff:192.0.2.7')).toBeUndefined();
  });

  it('no ip binding decides it: no placement hint (no rule at all, a lookup source, a hostname-only Source)', () => {
    expect(hint([])).toBeUndefined();
    expect(hint([rule('http_single_lookup')])).toBeUndefined();
    expect(hint([rule('syslog', { sourceHostname: 'bal' })])).toBeUndefined();
  });

  it('lists every bound address once', () => {
    expect(hint([rule('a', { sourceIp: '10.0.0.5' }), rule('b', { sourceIp: '10.0.0.6' }), rule('c', { sourceIp: '10.0.0.5' })])).toMatch(
      /events from 10\.0\.0\.5, 10\.0\.0\.6 /,
    );
  });

  it('reads an IPv4-mapped socket address as the IPv4 a Source names', () => {
    expect(eventSourceAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(eventSourceAddress('fd00::1')).toBe('fd00::1');
  });
});

describe('withPlacementHint', () => {
  const message = 'not testable from this machine: the rule applies to events from 10.0.0.5';
  it('replaces the %REQ% hint of id-prefix and no-lookup-finished failures, quoting the reply', () => {
    const idPrefix = withPlacementHint(
      { kind: 'id-prefix', message: 'every event format must begin with %REQ%' },
      [' LookupFinished'],
      message,
    );
    expect(idPrefix).toEqual({ kind: 'id-prefix', message: `${message} (reply: " LookupFinished")` });
    expect(withPlacementHint({ kind: 'no-lookup-finished', message: 'x %REQ%' }, [], message).message).toBe(`${message} (no reply line)`);
  });

  it('leaves other failures, and any failure without a hint, as they were', () => {
    const refused = { kind: 'refused' as const, message: 'nothing listens' };
    expect(withPlacementHint(refused, [], message)).toBe(refused);
    const plain = { kind: 'id-prefix' as const, message: 'must begin with %REQ%' };
    expect(withPlacementHint(plain, ['x'], undefined)).toBe(plain);
  });
});
