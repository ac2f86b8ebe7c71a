import { alertsMode } from '../../../shared/requirements/compare/switched-text.js';
import { ENABLED, alertTarget, finishedEventText, isIpv4 } from '../../../shared/requirements/targets.js';
import { isXmlSwitchOn, sameXmlText } from '../../../shared/requirements/values/xml-text.js';
import { attributeOf, xmlTextValue } from '../model/locate.js';
import type { LocatedElement } from '../model/types.js';
import type { XmlEdit } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type ConfEdits, type Fixer, type RequirementFix } from './types.js';
import { elementXml } from './xml-snippets.js';

/** Makes an element `<name enabled="true">text</name>`: sets what differs, or inserts it into its layout parent. */
function switchedOn(located: LocatedElement, name: string, text: string): RequirementFix {
  const { element, parent } = located;
  if (!element) {
    if (!parent) return refuse(`no element to hold ${located.where} on this instance`);
    return editsOnly({
      file: 'serviceConf',
      edits: [{ kind: 'insert-child', parent, xml: elementXml(name, [['enabled', ENABLED]], text), position: 'last' }],
      allowedPaths: [parent.path],
    });
  }
  const edits: XmlEdit[] = [];
  // The comparers' rule (values/xml-text.ts): anything but the documented spelling is rewritten, text verbatim.
  if (!isXmlSwitchOn(attributeOf(element, 'enabled'))) edits.push({ kind: 'set-attribute', element, name: 'enabled', value: ENABLED });
  if (!sameXmlText(xmlTextValue(element), text)) edits.push({ kind: 'set-text', element, text });
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [element.path] });
}

/** Requirement 8: `<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>` at the layout's place. */
export const fixFinishedEvent: Fixer = ({ instance, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  const text = finishedEventText(ctx.reqRuleName);
  const misplaced = service.finishedEventMisplaced?.element;
  if (!misplaced) return switchedOn(service.finishedEventFormat, 'FinishedEventFormat', text);
  // 5.x with the element directly under OutputSettings (REFERENCE 1.4.3): moved, never left as a duplicate.
  const { element, parent } = service.finishedEventFormat;
  const remove: XmlEdit = { kind: 'remove-element', element: misplaced };
  if (element) {
    const rest = switchedOn(service.finishedEventFormat, 'FinishedEventFormat', text);
    if (!rest.ok) return rest;
    return editsOnly({
      file: 'serviceConf',
      edits: [remove, ...(rest.confEdits[0]?.edits ?? [])],
      allowedPaths: [misplaced.path, element.path],
    });
  }
  if (!parent)
    return refuse(
      `FinishedEventFormat sits at ${service.finishedEventMisplaced?.where ?? 'OutputSettings'}, and there is no ${service.finishedEventFormat.where.split(' > ').slice(0, -1).join(' > ')} to move it into`,
    );
  const insert: XmlEdit = {
    kind: 'insert-child',
    parent,
    xml: elementXml('FinishedEventFormat', [['enabled', ENABLED]], text),
    position: 'last',
  };
  return editsOnly({ file: 'serviceConf', edits: [remove, insert], allowedPaths: [misplaced.path, parent.path] });
};

/**
 * Alerts item, by the project's setting: `balancer` sets `<AlertConnectionString enabled="true">balancer:cybertrace_port</AlertConnectionString>`,
 * `siem` the reference's AlertConnectionString; both copy the reference's AlertFormat when the instance has none
 * (no AlertFormat: no alerts sent, REFERENCE 1.4.2). `not-required` never plans a change.
 */
export const fixAlerts: Fixer = ({ instance, reference, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  const mode = alertsMode(ctx);
  if (mode === 'not-required') return refuse('alerts are not required by the project (alerts: not-required): nothing is changed');
  let connection: RequirementFix;
  if (mode === 'balancer') {
    const target = alertTarget(ctx);
    if (target === undefined || !ctx.balancer) return refuse("the Balancer's address and cybertrace_port are not known");
    if (!isIpv4(ctx.balancer.host))
      return refuse(`AlertConnectionString takes an IPv4 address; the Balancer is known as "${ctx.balancer.host}": give its IPv4 address`);
    connection = switchedOn(service.alertConnection, 'AlertConnectionString', target);
  } else {
    const referenceService = serviceOf(reference, 'reference');
    if (typeof referenceService === 'string') return refuse(referenceService);
    const referenceElement = referenceService.alertConnection.element;
    if (!referenceElement)
      return refuse('the reference has no AlertConnectionString to copy (project alerts: siem): set it on the reference first');
    connection = switchedOn(service.alertConnection, 'AlertConnectionString', xmlTextValue(referenceElement));
  }
  if (!connection.ok || service.alertFormat.element) return connection;
  const referenceService = serviceOf(reference, 'reference');
  const referenceFormat = typeof referenceService === 'string' ? undefined : referenceService.alertFormat.element;
  if (!referenceFormat)
    return refuse('no AlertFormat on this instance nor on the reference: which format the alerts should have is for the engineer to set');
  const { parent } = service.alertFormat;
  if (!parent) return refuse(`no element to hold ${service.alertFormat.where} on this instance`);
  const insert: ConfEdits = {
    file: 'serviceConf',
    edits: [{ kind: 'insert-child', parent, xml: elementXml('AlertFormat', [], xmlTextValue(referenceFormat)), position: 'last' }],
    allowedPaths: [parent.path],
  };
  return editsOnly(...connection.confEdits, insert);
};
