import { canonicalJson, compareStrings } from '../../../shared/requirements/json.js';
import { known, type Observation } from '../../../shared/requirements/observation.js';
import { REQ_RULE_TYPE } from '../../../shared/requirements/targets.js';
import type { ReqRule, ReqRuleValue } from '../../../shared/requirements/values/req-rule.js';
import { attributeOf, xmlTextValue } from './locate.js';
import type { ServiceConfModel } from './types.js';

/** Requirement 6: every rule named `ruleName` in any Source of the General tenant's InputSettings/RegExps, with the Source's ip/hostname binding. */
export function observeReqRule(service: ServiceConfModel, ruleName: string): Observation {
  const rules: ReqRule[] = service.regexSources.flatMap((source) =>
    source.rules
      .filter((rule) => rule.name === ruleName)
      .map((rule) => {
        const attributes: Record<string, string> = {};
        for (const attribute of [...rule.attributes].sort((a, b) => compareStrings(a.name, b.name))) {
          if (attribute.name !== 'type') attributes[attribute.name] = attribute.value;
        }
        const type = rule.attributes.find((attribute) => attribute.name === 'type')?.value ?? REQ_RULE_TYPE;
        const ip = attributeOf(source.element, 'ip');
        const hostname = attributeOf(source.element, 'hostname');
        return {
          source: source.id ?? null,
          ...(ip === undefined ? {} : { sourceIp: ip }),
          ...(hostname === undefined ? {} : { sourceHostname: hostname }),
          type,
          regex: xmlTextValue(rule),
          attributes,
        };
      }),
  );
  const value: ReqRuleValue = {
    rules: rules.sort((a, b) => compareStrings(a.source ?? '', b.source ?? '') || compareStrings(canonicalJson(a), canonicalJson(b))),
  };
  const note = service.regExps.element ? undefined : `no ${service.regExps.where} element`;
  return known(value, [{ path: service.file.path, sha256: service.file.sha256 }], note);
}
