// "Confirm the new value is what the host now has": after an instance's writes, read it again the audit's way
// and let the fixers say what would still change for the requirements its changes were for.
import type { PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { planFixes } from '../../cybertrace/fix/index.js';
import type { ObserveContext } from '../../cybertrace/model/types.js';
import { auditInstance } from '../audit/audit-instance.js';
import type { InstanceAudit } from '../audit/types.js';
import type { RunMember } from '../run/run-types.js';

/** Re-observes an instance against the reference's audit; returns what still differs (empty: confirmed). */
export type Reobserve = (member: RunMember, planned: PlannedInstance) => Promise<string[]>;

/**
 * A re-observer for one apply. The reference is audited once, when first needed (for a saved plan that is
 * at apply time, after its stale check passed); each instance is audited again after its writes.
 */
export function reobserver(referenceMember: () => RunMember | undefined, context: () => Promise<ObserveContext>): Reobserve {
  let reference: Promise<InstanceAudit | undefined> | undefined;
  return async (member, planned) => {
    reference ??= (async () => {
      const found = referenceMember();
      return found ? auditInstance(found, await context()) : undefined;
    })();
    const ref = await reference;
    if (!ref?.discovery?.files || !ref.config) return [`the reference could not be read again: ${ref?.failure?.reason ?? 'not reachable'}`];
    const again = await auditInstance(member, await context());
    if (!again.discovery?.files || !again.config) return [`${planned.name} could not be read again: ${again.failure?.reason ?? 'unknown reason'}`];
    const requirements = [...new Set(planned.changes.flatMap((change) => change.requirements))] as RequirementId[];
    const left = planFixes({ files: again.discovery.files, config: again.config }, { files: ref.discovery.files, config: ref.config }, requirements, await context());
    return [
      ...left.changes.map((change) => `${change.path} would still change (${change.requirements.join(', ')})`),
      ...left.refusals.filter((refusal) => requirements.includes(refusal.requirement)).map((refusal) => `${refusal.requirement}: ${refusal.reason}`),
    ];
  };
}
