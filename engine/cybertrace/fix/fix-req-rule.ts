import { jsonEqual } from '../../../shared/requirements/json.js';
import { reqRulePlacement, reqRulePlacements } from '../../../shared/requirements/compare/req-rule.js';
import { offTargetDetail } from '../../../shared/requirements/compare/compare-observation.js';
import { REQ_RULE_REGEX, REQ_RULE_TYPE } from '../../../shared/requirements/targets.js';
import { ReqRuleValueSchema, type ReqRule } from '../../../shared/requirements/values/req-rule.js';
import { attributeOf, xmlTextValue } from '../model/locate.js';
import type { RegexSourceModel } from '../model/types.js';
import type { XmlEdit, XmlElement } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { elementXml } from './xml-snippets.js';
import { sameXmlText } from '../../../shared/requirements/values/xml-text.js';

/**
 * Requirement 6: the rule body the reference has when it is as documented (otherwise the documented
 * rule). Rules Balancer's events already reach (REFERENCE 1.5, 3.5 step 6) stay where they are and get
 * that body; only when none does is the rule inserted first in Source id="default". Rules Balancer's events
 * cannot reach are removed; a rule whose placement the help does not settle gets the body where it is.
 */
export const fixReqRule: Fixer = ({ instance, reference, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  const name = ctx.reqRuleName;
  const refObservation = reference.observations.req6;
  const refValue =
    refObservation.state === 'known' && offTargetDetail('req6', refObservation, ctx) === undefined
      ? ReqRuleValueSchema.parse(refObservation.value)
      : undefined;
  const refReachable = refValue ? reqRulePlacements(refValue, ctx).reachable : [];
  const body: ReqRule = refReachable[0] ??
    refValue?.rules[0] ?? { source: 'default', type: REQ_RULE_TYPE, regex: REQ_RULE_REGEX, attributes: {} };

  const edits: XmlEdit[] = [];
  const allowed = new Set<string>();
  const placed = service.regexSources.map((source) => ({ source, rules: source.rules.filter((element) => element.name === name) }));
  const placement = (source: RegexSourceModel) =>
    reqRulePlacement({ ...ruleOfSource(source), type: body.type, regex: body.regex, attributes: {} }, ctx).kind;
  const reached = placed.filter(({ source, rules }) => rules.length > 0 && placement(source) === 'reachable');
  const targets = reached.length > 0 ? reached : placed.filter(({ source }) => source.id === 'default');
  if (targets.length === 0)
    return refuse(
      `${service.regExps.where} has no Source id="default", where the documented procedure puts the ${name} rule; add the source first`,
    );
  for (const { source, rules } of targets) {
    allowed.add(source.element.path);
    const [first, ...duplicates] = rules;
    if (!first) edits.push({ kind: 'insert-child', parent: source.element, xml: ruleXml(name, body), position: 'first' });
    else edits.push(...alignRule(first, body, name));
    for (const duplicate of duplicates) edits.push({ kind: 'remove-element', element: duplicate });
  }
  for (const { source, rules } of placed) {
    if (rules.length === 0 || targets.some((target) => target.source === source)) continue;
    const kind = placement(source);
    // Not reachable: the rule does nothing for Balancer. Not settled by the help: corrected in place, never moved.
    if (kind === 'unreachable') edits.push(...rules.map((element): XmlEdit => ({ kind: 'remove-element', element })));
    else if (kind === 'unknown') edits.push(...rules.flatMap((element) => alignRule(element, body, name)));
    else continue;
    allowed.add(source.element.path);
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [...allowed] });
};

/** A Source's id and address bindings in the shape the placement rule reads. */
function ruleOfSource(source: RegexSourceModel): Pick<ReqRule, 'source' | 'sourceIp' | 'sourceHostname'> {
  const ip = attributeOf(source.element, 'ip');
  const hostname = attributeOf(source.element, 'hostname');
  return {
    source: source.id ?? null,
    ...(ip === undefined ? {} : { sourceIp: ip }),
    ...(hostname === undefined ? {} : { sourceHostname: hostname }),
  };
}

/** The smallest edits that make an existing rule element the desired rule. */
function alignRule(element: XmlElement, rule: ReqRule, name: string): XmlEdit[] {
  const others: Record<string, string> = {};
  for (const attribute of element.attributes) if (attribute.name !== 'type') others[attribute.name] = attribute.value;
  if (!jsonEqual(others, rule.attributes)) return [{ kind: 'replace-element', element, xml: ruleXml(name, rule) }];
  const edits: XmlEdit[] = [];
  const type = attributeOf(element, 'type');
  if ((type ?? REQ_RULE_TYPE) !== rule.type) edits.push({ kind: 'set-attribute', element, name: 'type', value: rule.type });
  if (!sameXmlText(xmlTextValue(element), rule.regex)) edits.push({ kind: 'set-text', element, text: rule.regex });
  return edits;
}

function ruleXml(name: string, rule: ReqRule): string {
  const attributes = Object.keys(rule.attributes)
    .sort()
    .map((key): [string, string] => [key, rule.attributes[key] ?? '']);
  return elementXml(name, [['type', rule.type], ...attributes], rule.regex);
}
