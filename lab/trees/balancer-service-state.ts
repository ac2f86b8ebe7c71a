import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/util/atomic-write.js';
import type { LabInstance } from '../spec.js';

// The Balancer service of a lab host (REFERENCE 3.4: `cybertrace_balancer.service`). Its unit state is a
// file in the host's state folder, so both backends (the emulated shell and the OpenSSH host's systemctl
// stand-in, a process per call) see one state. The lab process follows that file and listens on the
// Balancer's matching_port while the unit is active (lab/service/balancer-process.ts); a start or stop
// asked through systemctl or sc.exe carries a request id and waits for the lab process's answer to it,
// so when it returns the Balancer listens (or has stopped), as systemd's start of a notify unit would.
// No file: the unit is not installed.

/** States the lab's Balancer unit can be in. */
export type BalancerUnitState = 'active' | 'inactive' | 'failed';

/** The unit's state and the request id of the start or stop that set it (none: set by the lab itself). */
export interface BalancerUnitRecord {
  readonly state: BalancerUnitState;
  readonly request?: string;
}

/** The lab process's answer to one request: whether the start or stop succeeded, in a person's words. */
export interface BalancerUnitResult {
  readonly ok: boolean;
  readonly message: string;
}

/** How long a start or stop waits for the lab process: longer than any listen or close takes. */
const ANSWER_WAIT_MS = 15_000;
const ANSWER_POLL_MS = 10;

/** The state file of the host's Balancer unit. */
export function balancerStatePath(instance: Pick<LabInstance, 'stateDir'>): string {
  return join(instance.stateDir, 'balancer-service.state');
}

/** The file where the lab process answers the last request (`<request> ok|failed <message>`). */
export function balancerAnswerPath(instance: Pick<LabInstance, 'stateDir'>): string {
  return join(instance.stateDir, 'balancer-service.answer');
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The unit's state and request id, or undefined when this host has no Balancer installed. */
export async function readBalancerRecord(instance: Pick<LabInstance, 'stateDir'>): Promise<BalancerUnitRecord | undefined> {
  const text = await readOptional(balancerStatePath(instance));
  if (text === undefined) return undefined;
  const [word, request] = text.trim().split(/\s+/);
  const state: BalancerUnitState = word === 'active' ? 'active' : word === 'failed' ? 'failed' : 'inactive';
  return request === undefined ? { state } : { state, request };
}

/** The unit's state, or undefined when this host has no Balancer installed. */
export async function readBalancerUnit(instance: Pick<LabInstance, 'stateDir'>): Promise<BalancerUnitState | undefined> {
  return (await readBalancerRecord(instance))?.state;
}

/** Sets the unit's state (installing it when absent) without waiting: the lab process follows it. */
export async function writeBalancerUnit(
  instance: Pick<LabInstance, 'stateDir'>,
  state: BalancerUnitState,
  request?: string,
): Promise<void> {
  await mkdir(instance.stateDir, { recursive: true });
  await writeFileAtomic(balancerStatePath(instance), request === undefined ? `${state}\n` : `${state} ${request}\n`);
}

/** The lab process's answer to a request, as balancerRequest waits for it. */
export async function writeBalancerAnswer(
  instance: Pick<LabInstance, 'stateDir'>,
  request: string,
  result: BalancerUnitResult,
): Promise<void> {
  await writeFileAtomic(balancerAnswerPath(instance), `${request} ${result.ok ? 'ok' : 'failed'} ${result.message.replace(/\s+/g, ' ')}\n`);
}

async function readAnswer(instance: Pick<LabInstance, 'stateDir'>, request: string): Promise<BalancerUnitResult | undefined> {
  const text = (await readOptional(balancerAnswerPath(instance)))?.trim();
  const match = text === undefined ? null : /^(\S+) (ok|failed) ?(.*)$/.exec(text);
  if (match?.[1] !== request) return undefined;
  return { ok: match[2] === 'ok', message: match[3] ?? '' };
}

/**
 * Starts (`active`) or stops (`inactive`) the unit as systemctl or sc.exe does: sets the state with a new
 * request id and waits until the lab process has listened or closed (its answer). A start the lab process
 * refuses, or no answer at all (no lab running), leaves the unit `failed` and says why.
 */
export async function requestBalancerUnit(
  instance: Pick<LabInstance, 'stateDir'>,
  state: 'active' | 'inactive',
  waitMs = ANSWER_WAIT_MS,
): Promise<BalancerUnitResult> {
  const request = randomBytes(8).toString('hex');
  await writeBalancerUnit(instance, state, request);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const answer = await readAnswer(instance, request);
    if (answer !== undefined) {
      if (!answer.ok && state === 'active') await writeBalancerUnit(instance, 'failed');
      return answer;
    }
    if (Date.now() >= deadline) {
      if (state === 'active') await writeBalancerUnit(instance, 'failed');
      return { ok: false, message: `the lab's Balancer process did not answer within ${waitMs} ms (is the lab running?)` };
    }
    await new Promise((resolve) => setTimeout(resolve, ANSWER_POLL_MS));
  }
}

/** The host's Balancer unit as systemctl's and sc.exe's lab semantics use it. */
export function balancerUnitOf(instance: Pick<LabInstance, 'stateDir'>): {
  status(): Promise<BalancerUnitState | undefined>;
  set(state: 'active' | 'inactive'): Promise<BalancerUnitResult>;
} {
  return { status: () => readBalancerUnit(instance), set: (state) => requestBalancerUnit(instance, state) };
}
