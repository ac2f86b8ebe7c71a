import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabInstance } from '../spec.js';

// The Balancer service of a lab host (REFERENCE 3.4: `cybertrace_balancer.service`). No Balancer process
// runs in the lab; its state is a file in the host's state folder, so both backends (the emulated shell and
// the OpenSSH host's systemctl stand-in, a process per call) see one state. No file: the unit is not installed.

/** States the lab's Balancer unit can be in. */
export type BalancerUnitState = 'active' | 'inactive';

/** The state file of the host's Balancer unit. */
export function balancerStatePath(instance: Pick<LabInstance, 'stateDir'>): string {
  return join(instance.stateDir, 'balancer-service.state');
}

/** The unit's state, or undefined when this host has no Balancer installed. */
export async function readBalancerUnit(instance: Pick<LabInstance, 'stateDir'>): Promise<BalancerUnitState | undefined> {
  try {
    const text = (await readFile(balancerStatePath(instance), 'utf8')).trim();
    return text === 'active' ? 'active' : 'inactive';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Sets the unit's state (installing it when absent). */
export async function writeBalancerUnit(instance: Pick<LabInstance, 'stateDir'>, state: BalancerUnitState): Promise<void> {
  await mkdir(instance.stateDir, { recursive: true });
  await writeFile(balancerStatePath(instance), `${state}\n`);
}

/** The host's Balancer unit as systemctl's lab semantics use it. */
export function balancerUnitOf(instance: Pick<LabInstance, 'stateDir'>): {
  status(): Promise<BalancerUnitState | undefined>;
  set(state: BalancerUnitState): Promise<void>;
} {
  return { status: () => readBalancerUnit(instance), set: (state) => writeBalancerUnit(instance, state) };
}
