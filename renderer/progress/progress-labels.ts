// How the wizard words the engine's step names and states on the progress rows: plain words, never colour alone.
import type { InstanceProgress } from '../store/progress-runs.js';

/** Human labels of the engine's step names (engine/steps/*: tallies, apply steps, run steps). */
const STEP_LABELS: Readonly<Record<string, string>> = {
  connect: 'Connecting',
  prechecks: 'Running pre-checks',
  audit: 'Reading the configuration',
  plan: 'Planning the changes',
  apply: 'Applying',
  balancer: 'Changing the Balancer',
  resume: 'Finishing an interrupted apply',
  probe: 'Probing the input port',
  'path-policy': 'Checking the paths',
  'stale-check': 'Re-reading the planned files',
  service: 'Finding the service control',
  stop: 'Stopping the service',
  write: 'Writing the files',
  start: 'Starting the service',
  ready: 'Waiting for PONG',
  verify: 'Verifying the written files',
  restore: 'Rolling back: restoring a file',
  restart: 'Rolling back: restarting the service',
  cleanup: 'Removing temporary files',
  'ready-after-rollback': 'Rolling back: waiting for PONG',
  'confirm-original': 'Rolling back: confirming the original files',
};

/** The label of a step name; an unknown name is shown as sent, so a new engine step is never hidden. */
export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step;
}

/** The word of a row's state: what a screen reader and a colour-blind reader both get. */
export function stateWord(state: InstanceProgress['state']): string {
  return state === 'started' ? 'Running' : state === 'done' ? 'Done' : 'Failed';
}

/** Elapsed milliseconds as `m:ss` (or `h:mm:ss`), fixed in width for tabular numbers. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
