import { ENABLED, alertTarget, finishedEventText, isIpv4 } from '../../../shared/requirements/targets.js';
import { attributeOf, xmlTextValue } from '../model/locate.js';
import type { LocatedElement } from '../model/types.js';
import type { XmlEdit } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer, type RequirementFix } from './types.js';
import { elementXml } from './xml-snippets.js';

/** Makes an element `<name enabled="true">text</name>`: sets what differs, or inserts it into its layout parent. */
function switchedOn(located: LocatedElement, name: string, text: string): RequirementFix {
  const { element, parent } = located;
  if (!element) {
    if (!parent) return refuse(`no element to hold ${located.where} on this instance`);
    return editsOnly({ file: 'serviceConf', edits: [{ kind: 'insert-child', parent, xml: elementXml(name, [['enabled', ENABLED]], text), position: 'last' }], allowedPaths: [parent.path] });
  }
  const edits: XmlEdit[] = [];
  if (attributeOf(element, 'enabled') !== ENABLED) edits.push({ kind: 'set-attribute', element, name: 'enabled', value: ENABLED });
  if (xmlTextValue(element) !== text) edits.push({ kind: 'set-text', element, text });
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [element.path] });
}

/** Requirement 8: `<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>` at the layout's place. */
export const fixFinishedEvent: Fixer = ({ instance, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  return switchedOn(service.finishedEventFormat, 'FinishedEventFormat', finishedEventText(ctx.reqRuleName));
};

/** Alerts item: `<AlertConnectionString enabled="true">balancer:cybertrace_port</AlertConnectionString>`. */
export const fixAlerts: Fixer = ({ instance, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  const target = alertTarget(ctx);
  if (target === undefined || !ctx.balancer) return refuse("the Balancer's address and cybertrace_port are not known");
  if (!isIpv4(ctx.balancer.host)) return refuse(`AlertConnectionString takes an IPv4 address; the Balancer is known as "${ctx.balancer.host}": give its IPv4 address`);
  return switchedOn(service.alertConnection, 'AlertConnectionString', target);
};
