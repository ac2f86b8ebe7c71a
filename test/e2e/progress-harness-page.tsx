// A page with the wizard's store and the Apply step's progress view over a fake engine that sends a rolling apply's
// events for N instances as fast as the page takes them: the load of issue 13 item 2 (100 instances), for the
// browser test and `npm run bench:progress`. Bundled by esbuild (test/e2e/progress-harness-build.mjs).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CthaApi } from '../../shared/contract/api.js';
import type { EngineEvent } from '../../shared/contract/events.js';
import { StepProgress } from '../../renderer/progress/StepProgress.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { StoreProvider } from '../../renderer/store/store-context.js';

/** The steps every emulated instance goes through, in order (engine/steps/apply/apply-instance.ts). */
export const HARNESS_STEPS = ['connect', 'apply', 'path-policy', 'stale-check', 'service', 'stop', 'write', 'start', 'ready', 'verify'];

/** What the page offers the test and the benchmark. */
export interface ProgressHarness {
  /** Sends the events of every step up to and including `until` (default: to the end), `burst` events per task. */
  feed(options: { instances: number; until?: string; burst?: number; transcriptPerStep?: number }): Promise<number>;
  /** Ends the apply (its operation answered): the view stops ticking and folds. */
  finish(): void;
}

const listeners = new Set<(event: EngineEvent) => void>();
// Every operation fails: the harness drives only events; nothing here may reach an engine.
const api = new Proxy({} as CthaApi, {
  get: (_target, name) =>
    name === 'onEvent'
      ? (listener: (event: EngineEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        }
      : () => Promise.reject(new Error(`${String(name)}: not in the progress harness`)),
});
const store = createAppStore(api);
store.getState().listenForProgress();
store.setState({ applyStatus: 'running' });

const RUN = 'harness-run';
let position = 0;
let clock = Date.now();
const emit = (event: EngineEvent): void => listeners.forEach((listener) => listener(event));

function* events(instances: number, until: number, transcriptPerStep: number): Generator<EngineEvent> {
  for (; position <= until && position < HARNESS_STEPS.length * 2; position += 1) {
    const step = HARNESS_STEPS[Math.floor(position / 2)] ?? 'apply';
    const state = position % 2 === 0 ? 'started' : 'done';
    for (let index = 0; index < instances; index += 1) {
      const instance = `ct-${String(index + 1).padStart(3, '0')}`;
      clock += 1;
      yield {
        name: 'progress',
        payload: { runId: RUN, instance, step, state, detail: `${step} ${state}`, time: new Date(clock).toISOString() },
      };
      if (state === 'done')
        for (let line = 0; line < transcriptPerStep; line += 1)
          yield { name: 'transcript', payload: { runId: RUN, instance, kind: 'exec', command: `true # ${step} ${line}`, exit: 0, ms: 5 } };
    }
  }
}

const harness: ProgressHarness = {
  async feed({ instances, until, burst = 400, transcriptPerStep = 3 }) {
    const last = until === undefined ? HARNESS_STEPS.length * 2 - 1 : HARNESS_STEPS.indexOf(until) * 2 + 1;
    let sent = 0;
    let batch = 0;
    for (const event of events(instances, last, transcriptPerStep)) {
      emit(event);
      sent += 1;
      batch += 1;
      if (batch >= burst) {
        batch = 0;
        // Another task: the page may paint between bursts, as it would between WebSocket messages.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    if (until === undefined)
      for (let index = 0; index < instances; index += 1)
        emit({
          name: 'progress',
          payload: {
            runId: RUN,
            instance: `ct-${String(index + 1).padStart(3, '0')}`,
            step: 'apply',
            state: 'done',
            time: new Date(clock).toISOString(),
          },
        });
    return sent;
  },
  finish() {
    store.setState({ applyStatus: 'done' });
  },
};
(window as unknown as { progressHarness: ProgressHarness }).progressHarness = harness;

const container = document.getElementById('root');
if (container === null) throw new Error('the harness page has no #root element');
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <main className="main">
        <StepProgress owner="apply" />
      </main>
    </StoreProvider>
  </StrictMode>,
);
