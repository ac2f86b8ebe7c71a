import { jsonEqual } from '../../../shared/requirements/json.js';
import { offTargetDetail } from '../../../shared/requirements/compare/compare-observation.js';
import { REQ_RULE_REGEX, REQ_RULE_TYPE } from '../../../shared/requirements/targets.js';
import { ReqRuleValueSchema, type ReqRule } from '../../../shared/requirements/values/req-rule.js';
import { attributeOf, xmlTextValue } from '../model/locate.js';
import type { RegexSourceModel } from '../model/types.js';
import type { XmlEdit, XmlElement } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { elementXml } from './xml-snippets.js';

/**
 * Requirement 6: the rules the reference has when it is as documented (otherwise the documented rule in
 * Source id="default"); an existing rule gets its type and regex set (or is rewritten when other
 * attributes differ), a missing one is inserted first in its Source, rules in other sources are removed.
 */
export const fixReqRule: Fixer = ({ instance, reference, ctx }) => {
  const service = serviceOf(instance, 'instance');
  if (typeof service === 'string') return refuse(service);
  const name = ctx.reqRuleName;
  const refObservation = reference.observations.req6;
  const refRules = refObservation.state === 'known' && offTargetDetail('req6', refObservation, ctx) === undefined ? ReqRuleValueSchema.parse(refObservation.value).rules : undefined;
  const desired: ReqRule[] = refRules ?? [{ source: 'default', type: REQ_RULE_TYPE, regex: REQ_RULE_REGEX, attributes: {} }];

  const edits: XmlEdit[] = [];
  const allowed = new Set<string>();
  const sourceById = (id: string | null): RegexSourceModel | undefined => service.regexSources.find((source) => (source.id ?? null) === id);
  for (const rule of desired) {
    const source = sourceById(rule.source);
    if (!source) {
      return refuse(`${service.regExps.where} has no Source id="${rule.source ?? ''}", where ${refRules ? 'the reference keeps' : 'the documented procedure puts'} the ${name} rule; add the source in CyberTrace Web first`);
    }
    allowed.add(source.element.path);
    const [first, ...duplicates] = source.rules.filter((element) => element.name === name);
    if (!first) edits.push({ kind: 'insert-child', parent: source.element, xml: ruleXml(name, rule), position: 'first' });
    else edits.push(...alignRule(first, rule, name));
    for (const duplicate of duplicates) edits.push({ kind: 'remove-element', element: duplicate });
  }
  const wanted = new Set(desired.map((rule) => rule.source));
  for (const source of service.regexSources) {
    if (wanted.has(source.id ?? null)) continue;
    for (const element of source.rules.filter((rule) => rule.name === name)) {
      edits.push({ kind: 'remove-element', element });
      allowed.add(source.element.path);
    }
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: [...allowed] });
};

/** The smallest edits that make an existing rule element the desired rule. */
function alignRule(element: XmlElement, rule: ReqRule, name: string): XmlEdit[] {
  const others: Record<string, string> = {};
  for (const attribute of element.attributes) if (attribute.name !== 'type') others[attribute.name] = attribute.value;
  if (!jsonEqual(others, rule.attributes)) return [{ kind: 'replace-element', element, xml: ruleXml(name, rule) }];
  const edits: XmlEdit[] = [];
  const type = attributeOf(element, 'type');
  if ((type ?? REQ_RULE_TYPE) !== rule.type) edits.push({ kind: 'set-attribute', element, name: 'type', value: rule.type });
  if (xmlTextValue(element) !== rule.regex) edits.push({ kind: 'set-text', element, text: rule.regex });
  return edits;
}

function ruleXml(name: string, rule: ReqRule): string {
  const attributes = Object.keys(rule.attributes)
    .sort()
    .map((key): [string, string] => [key, rule.attributes[key] ?? '']);
  return elementXml(name, [['type', rule.type], ...attributes], rule.regex);
}
