import { REQ_RULE_REGEX, REQ_RULE_TYPE } from '../targets.js';
import type { ReqRuleValue } from '../values/req-rule.js';
import type { Comparer } from './comparer.js';
import { describeListDiff, diffByKey, isEmptyDiff } from './list-diff.js';
import { quote } from './quote.js';

/**
 * Requirement 6: a rule named reqRuleName with type CONTEXT and regex `^(\d+)\s` in an event source of the
 * General tenant, identical (same sources, same attributes) on every instance.
 */
export const reqRuleComparer: Comparer<ReqRuleValue> = {
  comparable: (value) => value,
  offTarget: (value, ctx) => {
    if (value.rules.length === 0) return `no ${ctx.reqRuleName} rule in the General tenant's InputSettings/RegExps`;
    const problems = value.rules.flatMap((rule) => {
      const where = `${ctx.reqRuleName} in Source ${quote(rule.source)}`;
      const found: string[] = [];
      if (rule.type !== REQ_RULE_TYPE) found.push(`${where} has type ${quote(rule.type)}, documented ${REQ_RULE_TYPE}`);
      if (rule.regex !== REQ_RULE_REGEX) found.push(`${where} has regex ${quote(rule.regex)}, documented ${quote(REQ_RULE_REGEX)}`);
      return found;
    });
    return problems.length === 0 ? undefined : problems.join('; ');
  },
  referenceOffTarget: 'decided-by-target',
  compare: (reference, instance, ctx) => {
    const diff = diffByKey(reference.rules, instance.rules, (rule) => `Source ${rule.source ?? '(no id)'}`);
    if (isEmptyDiff(diff)) return { status: 'match', detail: `${ctx.reqRuleName} rule as documented and as on the reference` };
    return { status: 'drift', detail: `${ctx.reqRuleName} rule as documented but placed differently from the reference: ${describeListDiff(diff, 'rule in')}` };
  },
};

