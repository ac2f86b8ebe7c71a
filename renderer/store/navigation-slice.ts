import type { StateCreator } from 'zustand/vanilla';
import type { StepId } from '../wizard/steps.js';
import { STEP_IDS, stepIndex } from '../wizard/steps.js';
import type { AppState } from './app-state.js';

/** Which wizard step is shown; every step is always reachable, so an engineer can look ahead. */
export type NavigationSlice = Readonly<{
  steps: readonly StepId[];
  step: StepId;
  goTo: (step: StepId) => void;
  next: () => void;
  back: () => void;
}>;

/** Creates the navigation slice, starting at the Project step. */
export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set, get) => {
  const move = (delta: number): void => {
    const target = STEP_IDS[stepIndex(get().step) + delta];
    // Out of range means first or last step: stay put rather than wrap around.
    if (target !== undefined) set({ step: target, notice: undefined });
  };
  return {
    steps: STEP_IDS,
    step: 'project',
    // The notice belongs to the step where the action happened; carrying it along would mislead.
    goTo: (step) => set({ step, notice: undefined }),
    next: () => move(1),
    back: () => move(-1),
  };
};
