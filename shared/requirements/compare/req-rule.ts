import type { RequirementContext } from '../context.js';
import { canonicalJson, compareStrings, type JsonValue } from '../json.js';
import { REQ_RULE_REGEX, REQ_RULE_TYPE } from '../targets.js';
import type { ReqRule, ReqRuleValue } from '../values/req-rule.js';
import { differsOnlyInSpacingOrCase, sameXmlAttribute, sameXmlText } from '../values/xml-text.js';
import type { Comparer } from './comparer.js';
import { quote } from './quote.js';

/** The sources CyberTrace Web lookups use (REFERENCE 1.5): never fed by Balancer's events. */
const LOOKUP_SOURCES = new Set(['http_single_lookup', 'http_file_lookup']);

/** Whether Balancer's events reach a rule's Source, and why (REFERENCE 1.5 Source attributes, 3.5 step 6). */
export type ReqRulePlacement =
  | { readonly kind: 'reachable'; readonly why: string }
  | { readonly kind: 'unreachable'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** Classifies where one rule sits against the Balancer's address the context carries. */
export function reqRulePlacement(rule: ReqRule, ctx: RequirementContext): ReqRulePlacement {
  const where = `Source ${quote(rule.source)}`;
  if (rule.source === 'default') return { kind: 'reachable', why: `${where} (every event)` };
  if (rule.source !== null && LOOKUP_SOURCES.has(rule.source)) {
    return { kind: 'unreachable', why: `${where} is used only for CyberTrace Web lookups, not for Balancer's events (REFERENCE 1.5)` };
  }
  const ip = rule.sourceIp;
  if (ip !== undefined) {
    const bound = `${where} is bound to ip=${quote(ip)} (only events from that address use it, REFERENCE 1.5)`;
    const balancer = ctx.balancer?.host;
    if (balancer === undefined)
      return { kind: 'unknown', why: `${bound}; Balancer's address is not known, so whether its events reach the rule cannot be judged` };
    if (!isIpLiteral(balancer))
      return {
        kind: 'unknown',
        why: `${bound}; Balancer is known by the host name ${quote(balancer)} only, which this check does not resolve`,
      };
    // The attribute compares as written (values/xml-text.ts): spaces or another case are not proven to be the same address.
    if (sameXmlAttribute(ip, balancer)) return { kind: 'reachable', why: `${where} bound to Balancer's address ${ip}` };
    if (differsOnlyInSpacingOrCase(ip, balancer)) {
      return {
        kind: 'unknown',
        why: `${bound}: it differs from Balancer's address ${balancer} only in spacing or case, and whether CyberTrace reads it as that address is undocumented`,
      };
    }
    if (rule.sourceHostname === undefined)
      return { kind: 'unreachable', why: `${bound}, not Balancer's address ${balancer}: Balancer's events cannot reach it` };
    return {
      kind: 'unknown',
      why: `${bound}, not Balancer's address ${balancer}; its hostname="${rule.sourceHostname}" is matched against each event's syslog header, which is undocumented for Balancer's events`,
    };
  }
  if (rule.sourceHostname !== undefined) {
    return {
      kind: 'unknown',
      why: `${where} is bound to hostname="${rule.sourceHostname}" (matched against each event's syslog header, REFERENCE 1.5); undocumented for Balancer's events`,
    };
  }
  return {
    kind: 'unknown',
    why: `${where} has neither ip nor hostname: how events are assigned to such a Source is undocumented (REFERENCE 1.5, 3.5 step 6)`,
  };
}

/** Placement of every rule of a value; `reachable` lists the rules Balancer's events reach. */
export function reqRulePlacements(
  value: ReqRuleValue,
  ctx: RequirementContext,
): { readonly reachable: readonly ReqRule[]; readonly unreachable: readonly string[]; readonly unknown: readonly string[] } {
  const reachable: ReqRule[] = [];
  const unreachable: string[] = [];
  const unknown: string[] = [];
  for (const rule of value.rules) {
    const placement = reqRulePlacement(rule, ctx);
    if (placement.kind === 'reachable') reachable.push(rule);
    else (placement.kind === 'unreachable' ? unreachable : unknown).push(`${ctx.reqRuleName} in ${placement.why}`);
  }
  return { reachable, unreachable, unknown };
}

/** The rule itself without where it sits: what must be identical across instances. */
function ruleBodies(rules: readonly ReqRule[]): JsonValue[] {
  return rules
    .map((rule): JsonValue => ({ type: rule.type, regex: rule.regex, attributes: rule.attributes }))
    .sort((a, b) => compareStrings(canonicalJson(a), canonicalJson(b)));
}

/** The rules that count: those Balancer's events reach, or every rule when none is known to. */
function effectiveRules(value: ReqRuleValue, ctx: RequirementContext): readonly ReqRule[] {
  const { reachable } = reqRulePlacements(value, ctx);
  return reachable.length > 0 ? reachable : value.rules;
}

/**
 * Requirement 6: a rule named reqRuleName with type CONTEXT and regex `^(\d+)\s` that Balancer's events
 * reach (Source id="default", or a Source bound to Balancer's address: REFERENCE 1.5, 3.5 step 6), with
 * the same type, regex and attributes as the reference's. Where it sits is judged against the documented
 * placement, never against the reference's Source.
 */
export const reqRuleComparer: Comparer<ReqRuleValue> = {
  comparable: (value) => ruleBodies(value.rules),
  offTarget: (value, ctx) => {
    if (value.rules.length === 0) return `no ${ctx.reqRuleName} rule in the General tenant's InputSettings/RegExps`;
    const problems = value.rules.flatMap((rule) => {
      const where = `${ctx.reqRuleName} in Source ${quote(rule.source)}`;
      const found: string[] = [];
      if (!sameXmlAttribute(rule.type, REQ_RULE_TYPE)) found.push(`${where} has type ${quote(rule.type)}, documented ${REQ_RULE_TYPE}`);
      if (!sameXmlText(rule.regex, REQ_RULE_REGEX))
        found.push(`${where} has regex ${quote(rule.regex)}, documented ${quote(REQ_RULE_REGEX)}`);
      return found;
    });
    if (problems.length > 0) return problems.join('; ');
    const { reachable, unreachable, unknown } = reqRulePlacements(value, ctx);
    // Only a definite miss is drift; a placement the help does not settle is reported as unknown by compare.
    if (reachable.length === 0 && unknown.length === 0)
      return `no ${ctx.reqRuleName} rule that Balancer's events reach: ${unreachable.join('; ')}`;
    return undefined;
  },
  referenceOffTarget: 'decided-by-target',
  compare: (reference, instance, ctx) => {
    const { reachable, unknown } = reqRulePlacements(instance, ctx);
    if (reachable.length === 0)
      return { status: 'unknown', detail: `placement of the ${ctx.reqRuleName} rule not judged: ${unknown.join('; ')}` };
    const sources = [...new Set(reachable.map((rule) => `Source ${quote(rule.source)}`))].join(', ');
    const ref = canonicalJson(ruleBodies(effectiveRules(reference, ctx)));
    const inst = canonicalJson(ruleBodies(reachable));
    if (ref === inst)
      return {
        status: 'match',
        detail: `${ctx.reqRuleName} rule as documented, reached by Balancer's events in ${sources}, as on the reference`,
      };
    return {
      status: 'drift',
      detail: `${ctx.reqRuleName} rule in ${sources} differs from the reference's (${String(reachable.length)} rule(s) ${inst} against ${ref})`,
    };
  },
};

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host));
}
