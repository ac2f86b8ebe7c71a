// Where one instance stands in its run, read from its current step: the bar's value and whether its service is serving.
import type { InstanceProgress } from '../store/progress-runs.js';

/** The steps of one instance's apply in the order they run (engine/steps/apply/apply-instance.ts), after its connect. */
const APPLY_PHASES = ['connect', 'apply', 'resume', 'path-policy', 'stale-check', 'service', 'stop', 'write', 'start', 'ready', 'verify'];
/** Rollback steps: the apply went past its writes, so the bar stays near its end while they run. */
const ROLLBACK_STEPS = new Set(['restore', 'restart', 'cleanup', 'ready-after-rollback', 'confirm-original']);
/** The per-instance step each other operation tallies after connecting (engine/steps/*). */
const FINAL_STEPS = new Set(['prechecks', 'audit', 'probe', 'apply']);

/** A progress bar's position: `value` of `max` phases finished. */
export type Phase = Readonly<{ value: number; max: number }>;

/** The bar of one instance: phases finished of those its run goes through (connect then the work; an apply's own steps). */
export function instancePhase(instance: InstanceProgress, applying: boolean): Phase {
  const phases = applying ? APPLY_PHASES : ['connect', 'work'];
  const max = phases.length;
  // The instance's tally end closes it: done or failed, nothing more will happen on it in this run.
  if (FINAL_STEPS.has(instance.step) && instance.state !== 'started' && (instance.step !== 'apply' || applying)) return { value: max, max };
  if (instance.step === 'connect' && instance.state === 'failed') return { value: max, max };
  if (ROLLBACK_STEPS.has(instance.step)) return { value: max - 1, max };
  const index = applying ? phases.indexOf(instance.step) : instance.step === 'connect' ? 0 : 1;
  const at = index < 0 ? 1 : index;
  return { value: Math.min(max - 1, at + (instance.state === 'done' ? 1 : 0)), max };
}

/** Whether an instance's service is serving during an apply: known from the step it is at. */
export type Serving = 'serving' | 'stopped' | 'unknown';

/** Steps between the service's stop and its PONG: the instance does not take events meanwhile. */
const STOPPED_STEPS = new Set(['write', 'start', 'restore', 'restart', 'cleanup']);

/** Whether the instance serves right now, from its current apply step (stop started .. ready done). */
export function servingOf(instance: InstanceProgress): Serving {
  const { step, state } = instance;
  if (step === 'stop') return state === 'failed' ? 'unknown' : 'stopped';
  if (STOPPED_STEPS.has(step)) return 'stopped';
  if (step === 'ready' || step === 'ready-after-rollback') return state === 'done' ? 'serving' : 'stopped';
  // A failed apply may have left the service down: its result says how it ended.
  if (step === 'apply' && state === 'failed') return 'unknown';
  return 'serving';
}

/** The instances not serving now and the ones serving, in the run's order. */
export function servingSummary(
  instances: readonly InstanceProgress[],
): Readonly<{ stopped: string[]; serving: string[]; unknown: string[] }> {
  const stopped: string[] = [];
  const serving: string[] = [];
  const unknown: string[] = [];
  for (const instance of instances) {
    const serves = servingOf(instance);
    (serves === 'stopped' ? stopped : serves === 'serving' ? serving : unknown).push(instance.instance);
  }
  return { stopped, serving, unknown };
}
