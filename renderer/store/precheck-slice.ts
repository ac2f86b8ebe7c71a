import type { CthaApi } from '../../shared/contract/api.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** Where the pre-check run stands. */
export type PrecheckStatus = RunStatus;

/** The last pre-check run of the project file: its results and how many host keys it pinned. */
export type PrecheckSlice = Readonly<{
  precheckStatus: PrecheckStatus;
  precheckResults: readonly PrecheckResult[];
  precheckPinned: number;
  runPrechecks: () => Promise<void>;
}>;

/** Creates the pre-check slice; the engine asks for host keys and passwords through prompts meanwhile. */
export function createPrecheckSlice(api: CthaApi): StateCreator<AppState, [], [], PrecheckSlice> {
  return (set, get) => ({
    precheckStatus: 'idle',
    precheckResults: [],
    precheckPinned: 0,
    runPrechecks: async () => {
      if (get().precheckStatus === 'running') return;
      const saved = savedProjectPath(get(), 'pre-checks run');
      if (!saved.ok) return set({ notice: { kind: 'error', text: saved.message } });
      const path = saved.path;
      set({ precheckStatus: 'running', precheckResults: [], notice: undefined });
      try {
        const run = await api['prechecks.run']({ path });
        set({ precheckStatus: 'done', precheckResults: run.results, precheckPinned: run.pinned.length });
        // Newly pinned keys are in the file now; reload so the editor shows what is saved.
        if (run.projectSaved) await get().open(path);
      } catch (error) {
        set({ precheckStatus: 'failed', notice: { kind: 'error', text: describeError(error).message } });
      }
    },
  });
}
