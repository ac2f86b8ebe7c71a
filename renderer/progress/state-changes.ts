// What a screen reader is told as a run goes on: an instance's state changes, never its ticks or steps.
import type { RunProgressView } from '../store/progress-runs.js';
import { stateWord } from './progress-labels.js';

/** Each instance's state by name. */
export type StateMap = Readonly<Record<string, string>>;

/** The instances' states of a run. */
export function statesOf(run: RunProgressView): StateMap {
  const states: Record<string, string> = {};
  for (const name of run.order) {
    const instance = run.instances[name];
    if (instance) states[name] = instance.state;
  }
  return states;
}

/** The sentence for the states that changed since `before` ('' when none did); a new instance running is not news. */
export function stateChanges(before: StateMap, after: StateMap): string {
  const changed: string[] = [];
  for (const [name, state] of Object.entries(after)) {
    if (before[name] === state) continue;
    if (before[name] === undefined && state === 'started') continue;
    changed.push(`${name}: ${stateWord(state as 'started' | 'done' | 'failed').toLowerCase()}`);
  }
  return changed.join('; ');
}
