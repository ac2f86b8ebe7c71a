// Where an instance's REQ rules sit, as its audit observed them: the probe needs it to tell "the rule only
// applies to events from another address" from a rule that is wrong (issue 11 item 4).
import type { AuditReport } from '../contract/ops/audit.js';
import type { ReqRuleValue } from '../requirements/values/req-rule.js';
import { ReqRuleValueSchema } from '../requirements/values/req-rule.js';

/** The audit's requirement 6 observation of an instance (where its REQ rules sit), when it reads as one. */
export function reqRulesOf(audit: AuditReport, instance: string): { reqRules?: ReqRuleValue } {
  const observed = audit.findings.findings.find((finding) => finding.requirement === 'req6' && finding.instance === instance)?.observed;
  const parsed = ReqRuleValueSchema.safeParse(observed);
  return parsed.success ? { reqRules: parsed.data } : {};
}
