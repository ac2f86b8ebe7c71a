import type { RequirementContext } from './context.js';
import { XML_TRUE } from './values/xml-text.js';

// The values the HA procedure fixes exactly (REFERENCE 3.5, page 215368). An instance that differs from
// one of these drifts even when the reference has the same value.

/** Regex of the Balancer request-id rule (step 6): a number and one whitespace character at the start. */
export const REQ_RULE_REGEX = String.raw`^(\d+)\s`;

/** Indicator type of the request-id rule (step 6); also the documented default when `type` is absent. */
export const REQ_RULE_TYPE = 'CONTEXT';

/** The placeholder a rule name becomes in a format string: `%REQ%`. */
export function placeholder(ruleName: string): string {
  return `%${ruleName}%`;
}

/** The request-id rule as an XML element (REFERENCE 1.5, INFERRED from step 6). */
export function reqRuleXml(ruleName: string): string {
  return `<${ruleName} type="${REQ_RULE_TYPE}">${REQ_RULE_REGEX}</${ruleName}>`;
}

/** FinishedEventFormat text of step 8: `%REQ% LookupFinished`. */
export function finishedEventText(ruleName: string): string {
  return `${placeholder(ruleName)} LookupFinished`;
}

/** The `enabled` value steps 8 and 9 require (the documented spelling, values/xml-text.ts). */
export const ENABLED = XML_TRUE;

/** AlertConnectionString value of step 9: Balancer's address and cybertrace_port; undefined when Balancer is not known. */
export function alertTarget(ctx: RequirementContext): string | undefined {
  return ctx.balancer ? `${ctx.balancer.host}:${String(ctx.balancer.cybertracePort)}` : undefined;
}

/** Whether a host can be written into AlertConnectionString: the help allows IPv4 (octets below 256) or a pipe. */
export function isIpv4(host: string): boolean {
  const octets = host.split('.');
  return octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) < 256);
}
