import type { CthaApi } from '../../shared/contract/api.js';
import type { OperationOutput } from '../../shared/contract/operations.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';

/** What the engine says about itself (name, version, front end, project given on start). */
export type AppInfo = Readonly<OperationOutput<'app.info'>>;

/** The one message line under the step: the outcome of the last action. */
export type Notice = Readonly<{ kind: 'success' | 'error' | 'info'; text: string }>;

/** Application-wide state: engine info and the current notice. */
export type AppSlice = Readonly<{
  info: AppInfo | undefined;
  notice: Notice | undefined;
  /** Asks the engine who it is and opens the project it was started with, if any. */
  start: () => Promise<void>;
  dismissNotice: () => void;
}>;

/** Creates the app slice. */
export function createAppSlice(api: CthaApi): StateCreator<AppState, [], [], AppSlice> {
  return (set, get) => ({
    info: undefined,
    notice: undefined,
    start: async () => {
      let info: AppInfo;
      try {
        info = await api['app.info']({});
      } catch (error) {
        set({ notice: { kind: 'error', text: `Cannot reach the engine: ${describeError(error).message}` } });
        return;
      }
      set({ info });
      if (info.initialProjectPath !== undefined) await get().open(info.initialProjectPath);
    },
    dismissNotice: () => set({ notice: undefined }),
  });
}
