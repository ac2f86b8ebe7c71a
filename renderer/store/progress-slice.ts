// The store's record of live progress: every `progress` and `transcript` event, per run and instance, for the step screens.
import type { CthaApi } from '../../shared/contract/api.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import type { ProgressRuns, RunProgressView } from './progress-runs.js';
import { NO_PROGRESS, withProgress, withTranscript } from './progress-runs.js';

/** Live progress of the engine's runs (bounded: see progress-runs.ts). */
export type ProgressSlice = Readonly<{
  progress: ProgressRuns;
  /** Subscribes to the engine's progress and transcript events; returns the unsubscribe function. */
  listenForProgress: () => () => void;
  /** The newest run heard of, if any (the one a screen shows while its operation runs). */
  latestRun: () => RunProgressView | undefined;
  /** Forgets every run (a new project was opened). */
  clearProgress: () => void;
}>;

/** Creates the progress slice over the API's event stream. */
export function createProgressSlice(api: CthaApi): StateCreator<AppState, [], [], ProgressSlice> {
  return (set, get) => {
    // One subscription however many callers listen: a second one would count every event twice.
    let stop: (() => void) | undefined;
    let listeners = 0;
    return {
      progress: NO_PROGRESS,
      listenForProgress: () => {
        listeners += 1;
        stop ??= api.onEvent((event) => {
          if (event.name === 'progress') set({ progress: withProgress(get().progress, event.payload) });
          else if (event.name === 'transcript') set({ progress: withTranscript(get().progress, event.payload) });
        });
        let released = false;
        return () => {
          if (released) return;
          released = true;
          listeners -= 1;
          if (listeners === 0) {
            stop?.();
            stop = undefined;
          }
        };
      },
      latestRun: () => {
        const { runs, order } = get().progress;
        const id = order.at(-1);
        return id === undefined ? undefined : runs[id];
      },
      clearProgress: () => set({ progress: NO_PROGRESS }),
    };
  };
}
