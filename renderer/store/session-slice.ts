import type { CthaApi } from '../../shared/contract/api.js';
import type { StateCreator } from 'zustand/vanilla';
import { captureSession, stampResults } from '../session/session-capture.js';
import type { ReadPlan, RestoredSession } from '../session/session-restore.js';
import { restoreSession } from '../session/session-restore.js';
import type { Stamps } from '../session/session-results.js';
import { RESULT_KEYS, resultValue } from '../session/session-results.js';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';

/** What the session slice is doing with the file beside the project. */
export type SessionStatus = 'idle' | 'reading' | 'clearing';

/**
 * The wizard's saved place (`<name>.ctha-session.json` beside the project, written by the engine): saved after
 * every step's result and every move between steps, read back when a project opens, cleared by Start over.
 */
export type SessionSlice = Readonly<{
  sessionStatus: SessionStatus;
  /** What the last resume brought back (undefined: nothing restored, or started over). */
  sessionRestored: RestoredSession | undefined;
  /** Why the session file beside the project cannot be resumed; nothing is saved over it until Start over. */
  sessionProblem: string | undefined;
  /** Why the last save failed (cleared by the next successful one). */
  sessionSaveError: string | undefined;
  /** When the session was last written. */
  sessionSavedAt: string | undefined;
  /** Reads the open project's session and restores its step and results. */
  resumeSession: () => Promise<void>;
  /** Writes the session now (one write at a time; a request meanwhile writes the newest state after it). */
  saveSession: () => Promise<void>;
  /** Removes the session file and every result of this session, and goes back to Pre-checks. */
  startOver: () => Promise<void>;
  /** Starts saving after each step and resuming on each project open; returns the function that stops it. */
  watchSession: () => () => void;
}>;

// Store changes that call for a save: the project file, the step, and each result's identity.
function snapshot(state: AppState, file: string | undefined): readonly unknown[] {
  return [file, state.step, ...RESULT_KEYS.map((key) => resultValue(state, key))];
}

function sameSnapshot(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function running(state: AppState): string | undefined {
  const runs: [string, string][] = [
    ['pre-checks', state.precheckStatus],
    ['audit', state.auditStatus],
    ['plan', state.planStatus],
    ['apply', state.applyStatus],
    ['probe', state.probeStatus],
    ['report', state.reportStatus],
    ['verification', state.verifyStatus],
  ];
  return runs.find(([, status]) => status === 'running')?.[0];
}

// Every result of the session, as a fresh store holds them.
const NO_RESULTS: Partial<AppState> = {
  precheckStatus: 'idle',
  precheckResults: [],
  precheckPath: '',
  precheckTranscript: [],
  precheckStartedAt: '',
  precheckFinishedAt: '',
  precheckPinned: 0,
  auditStatus: 'idle',
  auditReport: undefined,
  auditPath: '',
  auditStale: false,
  restatedAudit: undefined,
  planStatus: 'idle',
  plan: undefined,
  planPath: undefined,
  planBalancerConf: '',
  applyStatus: 'idle',
  applyReport: undefined,
  applyRuns: [],
  applyConfirmed: false,
  probeStatus: 'idle',
  probeResult: undefined,
  probeStale: false,
  reportStatus: 'idle',
  reportBuilt: undefined,
  verifyStatus: 'idle',
  verifyResult: undefined,
  verifyPath: '',
};

/** Creates the session slice over session.read/save/clear and plan.read; `now` is the clock (tests pass their own). */
export function createSessionSlice(api: CthaApi, now: () => Date = () => new Date()): StateCreator<AppState, [], [], SessionSlice> {
  return (set, get, store) => {
    let stamps: Stamps = {};
    let saved: readonly unknown[] = [];
    let writing: Promise<void> | undefined;
    let again = false;
    // The project whose session this window has taken up: reopening it (say after a run pinned host keys) restores
    // nothing, because the window's own results are newer than the file.
    let resumedPath: string | undefined;
    // The file the open project was last opened from or saved to. Not `path`: that is also the project bar's field,
    // which changes as the engineer types, and which a failed open leaves pointing at a file that is not open.
    let filePath: string | undefined;

    const write = async (): Promise<void> => {
      const state = get();
      const at = now().toISOString();
      stamps = stampResults(state, stamps, at);
      const session = filePath === undefined ? undefined : captureSession(state, filePath, stamps, at);
      saved = snapshot(state, filePath);
      if (session === undefined) return;
      try {
        await api['session.save']({ projectPath: session.projectPath, session });
        set({ sessionSavedAt: at, sessionSaveError: undefined });
      } catch (error) {
        set({ sessionSaveError: `The session was not saved: ${describeError(error).message}` });
      }
    };

    const saveSession = async (): Promise<void> => {
      if (writing !== undefined) {
        again = true;
        return writing;
      }
      // Cleared in the same turn as the last `again` check: a request arriving after it starts a new write.
      writing = (async () => {
        try {
          do {
            again = false;
            await write();
          } while (again);
        } finally {
          writing = undefined;
        }
      })();
      return writing;
    };

    const resumeSession = async (): Promise<void> => {
      const path = filePath;
      if (get().draft === undefined || path === undefined) return;
      resumedPath = path;
      set({ sessionStatus: 'reading', sessionRestored: undefined, sessionProblem: undefined, sessionSaveError: undefined });
      try {
        const read = await api['session.read']({ projectPath: path });
        // The engineer opened another project meanwhile: this answer is not about it.
        if (filePath !== path) return;
        if (read.problem !== undefined) return set({ sessionProblem: read.problem });
        if (read.session === undefined) return;
        const planPath = read.session.plan?.path;
        const plan = planPath === undefined ? undefined : await readPlan(api, planPath, path);
        if (filePath !== path) return;
        const { patch, restored } = restoreSession(read.session, plan, get());
        set({ ...patch, sessionRestored: restored });
        stamps = restored.stamps;
      } catch (error) {
        set({ sessionProblem: `The saved session could not be read: ${describeError(error).message}` });
      } finally {
        // What is on screen now is what the file says (or there is no file yet): no save until something changes.
        saved = snapshot(get(), filePath);
        set({ sessionStatus: 'idle' });
      }
    };

    const startOver = async (): Promise<void> => {
      const state = get();
      if (state.draft === undefined || filePath === undefined || state.sessionStatus !== 'idle') return;
      const busy = running(state);
      if (busy !== undefined) return set({ notice: { kind: 'error', text: `Wait for the ${busy} to finish before starting over.` } });
      set({ sessionStatus: 'clearing' });
      try {
        const cleared = await api['session.clear']({ projectPath: filePath });
        set({
          ...NO_RESULTS,
          step: 'prechecks',
          sessionRestored: undefined,
          sessionProblem: undefined,
          sessionSaveError: undefined,
          sessionSavedAt: undefined,
          notice: {
            kind: 'success',
            text: cleared.removed
              ? `Started over: ${cleared.path} was removed and this session's results cleared.`
              : "Started over: this session's results cleared (no saved session was there).",
          },
        });
        stamps = {};
      } catch (error) {
        set({ notice: { kind: 'error', text: `Could not start over: ${describeError(error).message}` } });
      } finally {
        saved = snapshot(get(), filePath);
        set({ sessionStatus: 'idle' });
      }
    };

    const watchSession = (): (() => void) => {
      let openingFrom: unknown;
      const opened = (state: AppState) => state.draft !== undefined && filePath !== undefined && state.status === 'idle';
      const unsubscribe = store.subscribe((state, previous) => {
        if (state.status === 'opening' && previous.status !== 'opening') openingFrom = previous.draft;
        const done = state.status === 'idle' && previous.status !== 'idle';
        // A successful open replaces the draft object; a failed one leaves the previous project (and its file) as it was.
        if (done && previous.status === 'opening' && state.draft !== undefined && state.draft !== openingFrom) {
          filePath = state.path;
          if (filePath !== resumedPath) return void resumeSession();
        }
        // Saved (also "Save as" to a new file): the session goes beside the file saved; a failed save changes nothing.
        if (done && previous.status === 'saving' && state.notice?.kind === 'success' && !state.dirty) filePath = state.path;
        // A new, unsaved project has no file to put a session beside.
        if (state.path === '' || state.draft === undefined) filePath = undefined;
        if (!opened(state) || state.sessionStatus !== 'idle' || state.sessionProblem !== undefined) return;
        // A running step has dropped its previous result: saving now would lose it if the window closed mid-run.
        if (running(state) !== undefined) return;
        if (!sameSnapshot(snapshot(state, filePath), saved)) void saveSession();
      });
      const start = get();
      if (start.draft !== undefined && start.path !== '' && start.status === 'idle' && !start.dirty) {
        filePath = start.path;
        void resumeSession();
      }
      return unsubscribe;
    };

    return {
      sessionStatus: 'idle',
      sessionRestored: undefined,
      sessionProblem: undefined,
      sessionSaveError: undefined,
      sessionSavedAt: undefined,
      resumeSession,
      saveSession,
      startOver,
      watchSession,
    };
  };
}

// The plan is read again from its file, which is what Apply would apply; a plan of another project is not restored.
async function readPlan(api: CthaApi, planPath: string, projectPath: string): Promise<ReadPlan> {
  try {
    const plan = await api['plan.read']({ path: planPath });
    if (plan.project.path !== projectPath) return { problem: `${planPath} is now a plan of ${plan.project.path}` };
    return { plan };
  } catch (error) {
    return { problem: `${planPath} could not be read again (${describeError(error).message})` };
  }
}
