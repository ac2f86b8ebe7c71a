// "Confirm the new value is what the host now has": an instance is observed the audit's way before its
// writes and again after them, and shared/requirements/verify-fixed.ts judges, part by part, whether the
// requirements its changes were for are fixed. A part nobody can read (requirement 3's indicators) is
// unknown before and after, and that alone never undoes a correct fix.
import type { PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { RequirementId } from '../../../shared/requirements/ids.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { verifyFixedObservations } from '../../../shared/requirements/verify-fixed.js';
import type { ObserveContext } from '../../cybertrace/model/types.js';
import { auditInstance } from '../audit/audit-instance.js';
import type { ClusterAudit, InstanceAudit } from '../audit/types.js';
import type { RunMember } from '../run/run-types.js';

/** What the re-observation after an instance's writes found. */
export interface Reobservation {
  /** Why a requirement the changes were for is not confirmed fixed; empty: confirmed. */
  readonly failures: readonly string[];
  /** Parts that stay as they were and are not the fix's to change (said in the verify step, not failures). */
  readonly notes: readonly string[];
}

/** Observes an instance before its writes, and judges it again after them against the reference. */
export interface Reobserve {
  /** Called after the stale check passed, before anything is written; never throws. */
  readonly before: (member: RunMember, planned: PlannedInstance) => Promise<void>;
  readonly after: (member: RunMember, planned: PlannedInstance) => Promise<Reobservation>;
}

const readable = (audit: InstanceAudit | undefined): boolean => audit?.discovery?.files !== undefined && audit.config !== undefined;

/**
 * A re-observer for one apply. The reference is audited once, when first needed (at the first instance's
 * "before", so ahead of the reference's own writes); the reference's own re-observation compares it with
 * itself as it is after its writes. An instance whose "before" could not be read is judged strictly: a part
 * it cannot read afterwards is not confirmed. `seen`: the audit this run already made after the resume (the
 * plan's, or the saved plan's re-derivation): its instances are the "before" (their files are unchanged until
 * their own writes, which the stale check confirms), so nothing is read twice.
 */
export function reobserver(
  referenceMember: () => RunMember | undefined,
  context: () => Promise<ObserveContext>,
  seen?: ClusterAudit,
): Reobserve {
  const seenAudit = (name: string | undefined): InstanceAudit | undefined => seen?.instances.find((instance) => instance.name === name);
  let reference: Promise<InstanceAudit | undefined> | undefined;
  const referenceAudit = (): Promise<InstanceAudit | undefined> =>
    (reference ??= (async () => {
      const found = referenceMember();
      return seenAudit(found?.instance.name) ?? (found ? auditInstance(found, await context()) : undefined);
    })());
  const befores = new Map<string, Promise<InstanceAudit | undefined>>();
  return {
    before: async (member, planned) => {
      const ofReference = referenceAudit().catch(() => undefined);
      // The reference's "before" is the reference audit itself: read once.
      const known = seenAudit(planned.name);
      const audit =
        referenceMember()?.instance.name === planned.name
          ? ofReference
          : known
            ? Promise.resolve(known)
            : (async () => auditInstance(member, await context()))().catch(() => undefined);
      befores.set(planned.name, audit);
      await audit;
    },
    after: async (member, planned) => {
      const ctx = await context();
      const again = await auditInstance(member, ctx);
      if (!readable(again))
        return { failures: [`${planned.name} could not be read again: ${again.failure?.reason ?? 'unknown reason'}`], notes: [] };
      const ref = referenceMember()?.instance.name === planned.name ? again : await referenceAudit();
      if (!ref || !readable(ref))
        return { failures: [`the reference could not be read again: ${ref?.failure?.reason ?? 'not reachable'}`], notes: [] };
      const before = await befores.get(planned.name);
      const wanted = new Set(planned.changes.flatMap((change) => change.requirements));
      const requirements: RequirementId[] = REQUIREMENT_IDS.filter((id) => wanted.has(id));
      const verdicts = requirements.map((id) =>
        verifyFixedObservations(
          id,
          ctx,
          ref.observations[id],
          before && readable(before) ? before.observations[id] : undefined,
          again.observations[id],
        ),
      );
      return { failures: verdicts.flatMap((verdict) => verdict.failures), notes: verdicts.flatMap((verdict) => verdict.notes) };
    },
  };
}
