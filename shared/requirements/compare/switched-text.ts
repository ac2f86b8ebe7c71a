import type { AlertsMode } from '../../project/schema.js';
import type { RequirementContext } from '../context.js';
import { canonicalJson, type JsonValue } from '../json.js';
import { alertTarget, finishedEventText } from '../targets.js';
import type { SwitchedTextValue } from '../values/switched-text.js';
import { describeUndocumentedSwitch, isXmlSwitchOn, sameXmlText } from '../values/xml-text.js';
import type { Comparer } from './comparer.js';
import { quote } from './quote.js';

/** What is wrong with an enabled-and-text element compared with its documented form, undefined when nothing. */
function offTargetSwitched(element: string, value: SwitchedTextValue, text: string): string | undefined {
  if (!value.present) return `no ${element} element`;
  const problems: string[] = [];
  // Only the documented spelling is on, and text counts verbatim (values/xml-text.ts).
  if (!isXmlSwitchOn(value.enabled))
    problems.push(
      value.enabled === null
        ? 'enabled attribute missing'
        : (describeUndocumentedSwitch('enabled', value.enabled) ?? `enabled=${quote(value.enabled)}`),
    );
  if (!sameXmlText(value.text, text)) problems.push(`value ${quote(value.text)}, documented ${quote(text)}`);
  return problems.length === 0 ? undefined : `${element}: ${problems.join(', ')}`;
}

// REFERENCE 1.4.3 and 6: 5.x keeps it under OutputSettings > EventSettings; 3.5 step 8 notes the 5.0 HA page's shorter path.
function misplacedDetail(where: string): string {
  return `FinishedEventFormat at ${where}, the path the 5.0 HA page 215368 writes (REFERENCE 3.5 step 8); 5.x reads it under OutputSettings > EventSettings (REFERENCE 1.4.3, pages 296063 and 198889)`;
}

const asDocumented = (what: string) => (): { status: 'match'; detail: string } => ({ status: 'match', detail: `${what} as documented` });

/** Requirement 8: `<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>`. */
export const finishedEventComparer: Comparer<SwitchedTextValue> = {
  comparable: (value) => value,
  offTarget: (value, ctx) => {
    const switched = offTargetSwitched('FinishedEventFormat', value, finishedEventText(ctx.reqRuleName));
    const misplaced = value.present && value.misplaced !== undefined ? misplacedDetail(value.misplaced) : undefined;
    return switched === undefined ? misplaced : misplaced === undefined ? switched : `${misplaced}; ${switched}`;
  },
  targetDecides: true,
  compare: asDocumented('FinishedEventFormat'),
};

/** The project's alerts setting as a comparison sees it; absent means `balancer` (callers that predate the setting). */
export function alertsMode(ctx: RequirementContext): AlertsMode {
  return ctx.alerts ?? 'balancer';
}

/** Why service alerts are not sent at all (REFERENCE 1.4.2: AlertConnectionString enabled, AlertFormat present), undefined when they are. */
function alertsNotSent(value: SwitchedTextValue): string[] {
  const problems: string[] = [];
  if (!value.present) problems.push('no AlertConnectionString element');
  else if (!isXmlSwitchOn(value.enabled)) {
    problems.push(
      `AlertConnectionString ${value.enabled === null ? 'without the enabled attribute' : (describeUndocumentedSwitch('enabled', value.enabled) ?? `enabled=${quote(value.enabled)}`)}`,
    );
  }
  if (value.alertFormat === null) problems.push('no AlertFormat element (REFERENCE 1.4.2: absent means no service alerts are sent)');
  return problems;
}

function describeAlerts(value: SwitchedTextValue): string {
  const connection = value.present
    ? `AlertConnectionString enabled=${value.enabled === null ? '(absent)' : quote(value.enabled)} ${quote(value.text)}`
    : 'no AlertConnectionString';
  const format = value.alertFormat === undefined ? '' : value.alertFormat === null ? ', no AlertFormat' : ', AlertFormat present';
  return `${connection}${format}`;
}

/**
 * Alerts item (REFERENCE 3.5 step 9, optional), by the project's `alerts` setting: `balancer`: the documented
 * `<AlertConnectionString enabled="true">balancer:cybertrace_port</AlertConnectionString>` plus an AlertFormat;
 * `siem`: alerts sent (enabled, AlertFormat present) and identical to the reference's; `not-required`: reported, never judged.
 */
export const alertsComparer: Comparer<SwitchedTextValue> = {
  comparable: (value) => value,
  targetUnknown: (ctx: RequirementContext) =>
    alertsMode(ctx) === 'balancer' && !ctx.balancer
      ? "Balancer's address and cybertrace_port are not known (no Balancer in the project and no kl_balancer.conf read)"
      : undefined,
  offTarget: (value, ctx) => {
    const mode = alertsMode(ctx);
    if (mode === 'not-required') return undefined;
    if (mode === 'siem') {
      const problems = alertsNotSent(value);
      return problems.length === 0 ? undefined : `service alerts are not sent (project alerts: siem): ${problems.join(', ')}`;
    }
    const connection = offTargetSwitched('AlertConnectionString', value, alertTarget(ctx) ?? '');
    const format =
      value.alertFormat === null ? 'no AlertFormat element (REFERENCE 1.4.2: absent means no service alerts are sent)' : undefined;
    const problems = [connection, format].filter((problem) => problem !== undefined);
    return problems.length === 0 ? undefined : problems.join('; ');
  },
  targetDecides: (ctx) => alertsMode(ctx) !== 'siem',
  compare: (reference, instance, ctx) => {
    const mode = alertsMode(ctx);
    if (mode === 'not-required')
      return { status: 'match', detail: `not required (project alerts: not-required), not judged: ${describeAlerts(instance)}` };
    if (mode === 'balancer') return { status: 'match', detail: 'AlertConnectionString as documented, AlertFormat present' };
    const same = canonicalJson(sentTo(reference)) === canonicalJson(sentTo(instance));
    return same
      ? { status: 'match', detail: 'service alerts sent, identical to the reference (project alerts: siem)' }
      : {
          status: 'drift',
          detail: `service alerts differ from the reference (project alerts: siem): ${describeAlerts(instance)}; reference: ${describeAlerts(reference)}`,
        };
  },
};

// What must be identical across instances when alerts go to the SIEM: where they go and their format.
function sentTo(value: SwitchedTextValue): JsonValue {
  return value.present ? { enabled: value.enabled, text: value.text, alertFormat: value.alertFormat ?? null } : { present: false };
}
