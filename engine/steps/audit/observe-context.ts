// The context every step observes and fixes with (audit, plan, the apply's re-observation): one rule, so a
// plan re-derived at apply time judges the alerts item exactly as the audit and the plan did.
import type { Project } from '../../../shared/project/schema.js';
import type { ObserveContext } from '../../cybertrace/model/types.js';

/** The REQ rule name, the alerts setting (absent: `not-required`, REFERENCE 3.5 step 9) and Balancer's alert target when known. */
export function observeContext(
  project: Pick<Project, 'reqRuleName' | 'alerts'>,
  balancer: ObserveContext['balancer'] | undefined,
): ObserveContext {
  return { reqRuleName: project.reqRuleName, alerts: project.alerts ?? 'not-required', ...(balancer ? { balancer } : {}) };
}
