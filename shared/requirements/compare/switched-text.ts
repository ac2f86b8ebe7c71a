import type { RequirementContext } from '../context.js';
import { ENABLED, alertTarget, finishedEventText } from '../targets.js';
import type { SwitchedTextValue } from '../values/switched-text.js';
import type { Comparer } from './comparer.js';
import { quote } from './quote.js';

/** What is wrong with an enabled-and-text element compared with its documented form, undefined when nothing. */
function offTargetSwitched(element: string, value: SwitchedTextValue, text: string): string | undefined {
  if (!value.present) return `no ${element} element`;
  const problems: string[] = [];
  if (value.enabled !== ENABLED) problems.push(value.enabled === null ? 'enabled attribute missing' : `enabled=${quote(value.enabled)}`);
  if (value.text !== text) problems.push(`value ${quote(value.text)}, documented ${quote(text)}`);
  return problems.length === 0 ? undefined : `${element}: ${problems.join(', ')}`;
}

const asDocumented = (what: string) => (): { status: 'match'; detail: string } => ({ status: 'match', detail: `${what} as documented` });

/** Requirement 8: `<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>`. */
export const finishedEventComparer: Comparer<SwitchedTextValue> = {
  comparable: (value) => value,
  offTarget: (value, ctx) => offTargetSwitched('FinishedEventFormat', value, finishedEventText(ctx.reqRuleName)),
  targetDecides: true,
  compare: asDocumented('FinishedEventFormat'),
};

/** Alerts item: `<AlertConnectionString enabled="true">balancer:cybertrace_port</AlertConnectionString>`. */
export const alertsComparer: Comparer<SwitchedTextValue> = {
  comparable: (value) => value,
  targetUnknown: (ctx: RequirementContext) => (ctx.balancer ? undefined : "Balancer's address and cybertrace_port are not known (no Balancer in the project)"),
  offTarget: (value, ctx) => offTargetSwitched('AlertConnectionString', value, alertTarget(ctx) ?? ''),
  targetDecides: true,
  compare: asDocumented('AlertConnectionString'),
};
