// The store's record of live progress: every `progress` and `transcript` event, per run and instance, for the step screens.
import type { CthaApi } from '../../shared/contract/api.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import type { EngineEvent } from '../../shared/contract/events.js';
import type { CancelRequest, ProgressOwner, ProgressRuns, RunProgressView } from './progress-runs.js';
import { NO_PROGRESS, PROGRESS_OWNERS, withEvents } from './progress-runs.js';
import { describeError } from './errors.js';

/** Events held for one frame at most before they reach the state; past this many they are applied at once. */
export const PROGRESS_BATCH_LIMIT = 2000;

/** The steps whose operation is running now: a run first heard of now is theirs. */
export function runningOwners(state: AppState): ProgressOwner[] {
  const running: Record<ProgressOwner, boolean> = {
    prechecks: state.precheckStatus === 'running',
    audit: state.auditStatus === 'running',
    plan: state.planStatus === 'running',
    apply: state.applyStatus === 'running',
    probe: state.probeStatus === 'running',
    report: state.reportStatus === 'running' || state.verifyStatus === 'running',
  };
  return (Object.keys(running) as ProgressOwner[]).filter((owner) => running[owner]);
}

type Queued = Readonly<{ event: Extract<EngineEvent, { name: 'progress' | 'transcript' }>; owners: readonly ProgressOwner[] }>;

/** Live progress of the engine's runs (bounded: see progress-runs.ts). */
export type ProgressSlice = Readonly<{
  progress: ProgressRuns;
  /**
   * Per step, the `count` of runs when its operation last started: its runs from then on have a `seq` at least this,
   * so a screen tells its new run from the previous one before the new run's first event.
   */
  progressMarks: Readonly<Partial<Record<ProgressOwner, number>>>;
  /** Subscribes to the engine's progress and transcript events; returns the unsubscribe function. */
  listenForProgress: () => () => void;
  /** The newest run heard of, if any (the one a screen shows while its operation runs). */
  latestRun: () => RunProgressView | undefined;
  /** Forgets every run (a new project was opened). */
  clearProgress: () => void;
  /** The Cancel requests sent, by run id (the run's own events and its operation's answer say how it ended). */
  cancelRequests: Readonly<Record<string, CancelRequest>>;
  /** Asks the engine to stop the run at its next safe point (`run.cancel`); a second press while one is pending does nothing. */
  cancelRun: (runId: string) => Promise<void>;
}>;

/** Creates the progress slice over the API's event stream. */
export function createProgressSlice(api: CthaApi): StateCreator<AppState, [], [], ProgressSlice> {
  return (set, get, store) => {
    // Marked as the step's status turns running, before its operation is even sent (the slices set it first).
    store.subscribe((state, previous) => {
      const started = PROGRESS_OWNERS.filter((owner) => runningOwners(state).includes(owner) && !runningOwners(previous).includes(owner));
      if (started.length === 0) return;
      const marks = { ...state.progressMarks };
      for (const owner of started) marks[owner] = state.progress.count;
      set({ progressMarks: marks });
    });
    // One subscription however many callers listen: a second one would count every event twice.
    let stop: (() => void) | undefined;
    let listeners = 0;
    // 100 instances send hundreds of events a second: one state change per frame, not per event, keeps the page responsive.
    let queue: Queued[] = [];
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      if (queue.length === 0) return;
      const progress = withEvents(
        get().progress,
        queue.map(({ event, owners }) => ({ ...event, owners })),
      );
      queue = [];
      set({ progress });
    };
    const enqueue = (item: Queued): void => {
      queue.push(item);
      const frame = globalThis.requestAnimationFrame as ((callback: () => void) => number) | undefined;
      // Without frames (Node, tests) or with a hidden page's frames paused and the queue full, the state changes at once.
      if (frame === undefined || queue.length >= PROGRESS_BATCH_LIMIT) return flush();
      if (!scheduled) {
        scheduled = true;
        frame(flush);
      }
    };
    return {
      progress: NO_PROGRESS,
      progressMarks: {},
      listenForProgress: () => {
        listeners += 1;
        stop ??= api.onEvent((event) => {
          // The owners are read as the event arrives: by the next frame the operation's answer may have ended its step.
          if (event.name === 'progress' || event.name === 'transcript') enqueue({ event, owners: runningOwners(get()) });
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
      clearProgress: () => {
        queue = [];
        set({ progress: NO_PROGRESS, progressMarks: {}, cancelRequests: {} });
      },
      cancelRequests: {},
      cancelRun: async (runId) => {
        const pending = get().cancelRequests[runId];
        if (pending !== undefined && pending.state !== 'failed') return;
        const record = (request: CancelRequest): void => set({ cancelRequests: { ...get().cancelRequests, [runId]: request } });
        record({ state: 'sending' });
        try {
          const { accepted } = await api['run.cancel']({ runId });
          record({ state: accepted ? 'accepted' : 'not-running' });
        } catch (error) {
          record({ state: 'failed', message: describeError(error).message });
        }
      },
    };
  };
}
