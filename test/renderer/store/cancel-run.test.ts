// The Cancel button's store logic without React: run.cancel sent once with the run's id, what the line says as the run winds down.
import { describe, expect, it } from 'vitest';
import { canCancel, cancelLine, instancesFinishingWrites } from '../../../renderer/progress/cancel-state.js';
import { createAppStore } from '../../../renderer/store/create-app-store.js';
import { ApiError } from '../../../shared/contract/errors.js';
import type { EngineEvent, ProgressEvent } from '../../../shared/contract/events.js';
import { fakeApi } from '../fake-api.js';
import { createElement } from 'react';
import { StepProgress } from '../../../renderer/progress/StepProgress.js';
import { NO_PROGRESS, withProgress } from '../../../renderer/store/progress-runs.js';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AppState } from '../../../renderer/store/app-state.js';
import { StoreProvider } from '../../../renderer/store/store-context.js';
import { elementByTestId } from '../static-render.js';

/** The apply step's progress rendered over a store whose apply started before the run's first event (as in the wizard). */
function renderApply(applying: boolean, later: Partial<AppState>): string {
  const store = createAppStore(fakeApi().api);
  if (applying) store.setState({ applyStatus: 'running' });
  store.setState(later);
  const snapshot = store.getState();
  return renderToStaticMarkup(
    createElement(StoreProvider, {
      store: { ...store, getInitialState: () => snapshot },
      children: createElement(StepProgress, { owner: 'apply' }),
    }),
  );
}

const progress = (fields: Omit<ProgressEvent, 'time'>): EngineEvent => ({
  name: 'progress',
  payload: { time: '2026-01-01T00:00:00.000Z', ...fields },
});

/** A store listening to a fake engine whose run.cancel answers `accepted` (or throws `error`). */
function storeWith(answer: { accepted: boolean } | ApiError) {
  const calls: string[] = [];
  const { api, emit } = fakeApi({
    'run.cancel': async ({ runId }) => {
      calls.push(runId);
      if (answer instanceof ApiError) throw answer;
      return answer;
    },
  });
  const store = createAppStore(api);
  store.getState().listenForProgress();
  return { store, emit, calls };
}

describe('Cancel of a running step (store logic)', () => {
  it('sends run.cancel once with the run id its events carry; the line names the instance whose write finishes first', async () => {
    const { store, emit, calls } = storeWith({ accepted: true });
    emit(progress({ runId: 'run-7', instance: 'ct1', step: 'apply', state: 'done', done: 1, total: 3 }));
    emit(progress({ runId: 'run-7', instance: 'ct2', step: 'write', state: 'started', detail: '/opt/x.conf' }));
    emit(progress({ runId: 'run-7', instance: 'ct3', step: 'connect', state: 'done' }));
    const run = store.getState().latestRun();
    expect(run?.runId).toBe('run-7');
    if (run === undefined) return;
    expect(canCancel(true, store.getState().cancelRequests['run-7'])).toBe(true);

    const pressed = store.getState().cancelRun('run-7');
    expect(store.getState().cancelRequests['run-7']).toEqual({ state: 'sending' });
    expect(canCancel(true, store.getState().cancelRequests['run-7'])).toBe(false);
    await pressed;
    // A second press while the run winds down sends nothing more.
    await store.getState().cancelRun('run-7');
    expect(calls).toEqual(['run-7']);
    const request = store.getState().cancelRequests['run-7'];
    expect(request).toEqual({ state: 'accepted' });
    expect(instancesFinishingWrites(run)).toEqual(['ct2']);
    expect(cancelLine(run, request)).toBe("Cancelling: finishing ct2's write first.");

    // ct2 goes on through its start and readiness, then ends: nothing is being written any more.
    emit(progress({ runId: 'run-7', instance: 'ct2', step: 'ready', state: 'started' }));
    expect(cancelLine(store.getState().latestRun() ?? run, request)).toBe("Cancelling: finishing ct2's write first.");
    emit(progress({ runId: 'run-7', instance: 'ct2', step: 'apply', state: 'done', done: 2, total: 3 }));
    const after = store.getState().latestRun();
    expect(after === undefined ? undefined : cancelLine(after, request)).toBe("Cancelling: stopping before the hosts' next operation.");
    // A new project forgets the requests with the runs.
    store.getState().clearProgress();
    expect(store.getState().cancelRequests).toEqual({});
  });

  it('a run that had already ended is said so; a failed request can be sent again', async () => {
    const ended = storeWith({ accepted: false });
    emit(ended.emit);
    await ended.store.getState().cancelRun('run-1');
    const run = ended.store.getState().latestRun();
    expect(ended.store.getState().cancelRequests['run-1']).toEqual({ state: 'not-running' });
    expect(run === undefined ? undefined : cancelLine(run, ended.store.getState().cancelRequests['run-1'])).toBe(
      'The run had already ended: nothing to cancel.',
    );

    const broken = storeWith(new ApiError({ code: 'io', message: 'the engine is not reachable' }));
    emit(broken.emit);
    await broken.store.getState().cancelRun('run-1');
    const request = broken.store.getState().cancelRequests['run-1'];
    expect(request).toEqual({ state: 'failed', message: 'the engine is not reachable' });
    expect(canCancel(true, request)).toBe(true);
    await broken.store.getState().cancelRun('run-1');
    expect(broken.calls).toEqual(['run-1', 'run-1']);
    // Nothing to cancel once the step is not running, whatever was asked before.
    expect(canCancel(false, undefined)).toBe(false);
  });
});

describe('Cancel button (static render)', () => {
  const running = withProgress(
    NO_PROGRESS,
    { runId: 'run-3', instance: 'ct1', step: 'write', state: 'started', time: '2026-01-01T00:00:00.000Z' },
    ['apply'],
  );
  it('is shown on the running step only, focusable, described by its status line; once accepted it says what it waits for', () => {
    const idle = renderApply(false, { progress: running, applyStatus: 'done' });
    expect(elementByTestId(idle, 'run-cancel-button')).toBeUndefined();
    const html = renderApply(true, { progress: running });
    const button = elementByTestId(html, 'run-cancel-button');
    expect(button?.text).toBe('Cancel');
    expect(button?.attributes['aria-disabled']).toBe('false');
    const status = elementByTestId(html, 'run-cancel-status');
    expect(status?.attributes.role).toBe('status');
    expect(button?.attributes['aria-describedby']).toBe(status?.attributes.id);
    const winding = renderApply(true, {
      progress: running,
      cancelRequests: { 'run-3': { state: 'accepted' } },
    });
    expect(elementByTestId(winding, 'run-cancel-button')?.text).toBe('Cancelling…');
    expect(elementByTestId(winding, 'run-cancel-button')?.attributes['aria-disabled']).toBe('true');
    expect(elementByTestId(winding, 'run-cancel-status')?.text).toBe("Cancelling: finishing ct1's write first.");
  });
});

/** One audit run's first event. */
function emit(send: (event: EngineEvent) => void): void {
  send(progress({ runId: 'run-1', instance: 'ct1', step: 'audit', state: 'started' }));
}
