// Requirement 3 of the training lab, stated the way an engineer states it in the wizard: `project.attest`.
import type { CthaApi } from '../../../shared/contract/api.js';

/** Who attests and signs in the headless demo. */
export const DEMO_ENGINEER = 'Demo engineer';

/** The attestation's note: it says plainly that the lists were not compared on real hosts. */
export const DEMO_ATTESTATION_NOTE =
  'Training lab (simulated CyberTrace hosts): the indicator lists were not compared by hand; attested by ctha demo --headless';

/**
 * Attests requirement 3 (the indicator lists the tool cannot read) on every named instance through the
 * contract's `project.attest`, dated `now`; returns how many were written.
 */
export async function attestRequirement3(
  api: Pick<CthaApi, 'project.attest'>,
  project: string,
  instances: readonly string[],
  now: Date,
): Promise<number> {
  for (const instance of instances) {
    await api['project.attest']({
      path: project,
      attestation: { requirement: 'req3', instance, note: DEMO_ATTESTATION_NOTE, engineer: DEMO_ENGINEER, date: now.toISOString() },
    });
  }
  return instances.length;
}
