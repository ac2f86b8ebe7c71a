// Whether the probe can test an instance's request-id rule at all from this machine. A rule in a named
// Source bound to ip="..." applies only to events from that address (REFERENCE 1.5); the probe's events
// come from this machine, so when no rule is reachable from here the `%REQ%` hint would send the engineer
// after a format that is fine. The placement rule is the audit's own (shared/requirements/compare/req-rule.ts),
// asked about this machine's address instead of the Balancer's.
import { reqRulePlacement } from '../../shared/requirements/compare/req-rule.js';
import type { ProbeFailure } from '../../shared/probe/probe-result.js';
import type { ReqRuleValue } from '../../shared/requirements/values/req-rule.js';
import { clipLine } from './replyback-session.js';

/** Failures a request-id rule the probe's events cannot reach would cause: no id in front of a reply, no LookupFinished with the id. */
const REQ_DEPENDENT: ReadonlySet<ProbeFailure['kind']> = new Set(['id-prefix', 'no-lookup-finished']);

/** The address a Source's ip attribute would name: an IPv4-mapped IPv6 socket address as plain IPv4. */
export function eventSourceAddress(localAddress: string): string {
  return /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(localAddress)?.[1] ?? localAddress;
}

/**
 * Why the request-id rule cannot be tested from `localAddress`: no rule is reachable from there and at
 * least one sits in a Source bound to another ip. `not testable from this machine: the rule applies to
 * events from <ip>`, with the Sources named; undefined when a rule is reachable or no ip binding decides it.
 */
export function untestableReqRule(value: ReqRuleValue, localAddress: string, reqRuleName: string): string | undefined {
  const here = eventSourceAddress(localAddress);
  const ctx = { reqRuleName, balancer: { host: here, cybertracePort: 0 } };
  const placed = value.rules.map((rule) => ({ rule, kind: reqRulePlacement(rule, ctx).kind }));
  if (placed.length === 0 || placed.some(({ kind }) => kind === 'reachable')) return undefined;
  const bound = placed.flatMap(({ rule }) => (rule.sourceIp === undefined ? [] : [rule]));
  if (bound.length === 0) return undefined;
  const ips = [...new Set(bound.map((rule) => rule.sourceIp))].join(', ');
  const sources = bound.map((rule) => `Source ${JSON.stringify(rule.source)} ip=${JSON.stringify(rule.sourceIp)}`).join(', ');
  return (
    `not testable from this machine: the rule applies to events from ${ips} ` +
    `(%${reqRuleName}% sits in ${sources}, REFERENCE 1.5; this machine sends from ${here}, so its test event gets no request id); ` +
    `whether Balancer's events reach it is judged by the audit (requirement 6)`
  );
}

/** The failure with the placement hint instead of the `%REQ%` one, when the rule is untestable from here; otherwise unchanged. */
export function withPlacementHint(failure: ProbeFailure, lines: readonly string[], hint: string | undefined): ProbeFailure {
  if (hint === undefined || !REQ_DEPENDENT.has(failure.kind)) return failure;
  const seen = lines.length === 0 ? 'no reply line' : `reply: ${JSON.stringify(clipLine(lines[0] ?? '', 200))}`;
  return { kind: failure.kind, message: `${hint} (${seen})` };
}
