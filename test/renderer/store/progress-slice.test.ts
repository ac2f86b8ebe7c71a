// The wizard's progress slice: events collected per run and instance, bounded however many arrive, one subscription.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/create-app-store.js';
import {
  RUNS_KEPT,
  TRANSCRIPT_LINES_PER_INSTANCE,
  withProgress,
  withTranscript,
  NO_PROGRESS,
} from '../../../renderer/store/progress-runs.js';
import type { EngineEvent, ProgressEvent } from '../../../shared/contract/events.js';
import { fakeApi } from '../fake-api.js';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
const progress = (fields: Omit<ProgressEvent, 'time'> & { time?: string }): EngineEvent => ({
  name: 'progress',
  payload: { time: at(0), ...fields },
});
const transcript = (runId: string, instance: string, command: string): EngineEvent => ({
  name: 'transcript',
  payload: { runId, instance, kind: 'exec', command, exit: 0, ms: 3 },
});

describe('progress slice', () => {
  it('keeps per instance the current step, state, counts, first time and commands; the run its own step', () => {
    const { api, emit } = fakeApi();
    const store = createAppStore(api);
    const stop = store.getState().listenForPrompts();
    emit(progress({ runId: 'r1', instance: 'ct1', step: 'connect', state: 'started', done: 0, total: 2, time: at(1) }));
    emit(transcript('r1', 'ct1', 'uname -s'));
    emit(progress({ runId: 'r1', instance: 'ct1', step: 'connect', state: 'done', done: 1, total: 2, time: at(2) }));
    emit(
      progress({
        runId: 'r1',
        instance: 'ct2',
        step: 'connect',
        state: 'failed',
        detail: 'authentication: denied',
        done: 2,
        total: 2,
        time: at(3),
      }),
    );
    emit(progress({ runId: 'r1', instance: 'ct1', step: 'write', state: 'started', detail: '/etc/x', time: at(4) }));
    emit(progress({ runId: 'r1', step: 'plan', state: 'done', detail: '1 to change', time: at(5) }));
    const run = store.getState().latestRun();
    expect(run?.runId).toBe('r1');
    expect(run?.order).toEqual(['ct1', 'ct2']);
    expect(run?.startedAt).toBe(at(1));
    expect(run?.instances.ct1).toMatchObject({
      step: 'write',
      state: 'started',
      detail: '/etc/x',
      done: 1,
      total: 2,
      startedAt: at(1),
      updatedAt: at(4),
      operations: 1,
    });
    expect(run?.instances.ct1?.transcript).toEqual([{ command: 'uname -s', exit: 0, ms: 3, kind: 'exec' }]);
    expect(run?.instances.ct2).toMatchObject({ step: 'connect', state: 'failed', detail: 'authentication: denied' });
    expect(run).toMatchObject({ step: 'plan', state: 'done', detail: '1 to change' });
    // Other events change nothing here.
    const before = store.getState().progress;
    emit({ name: 'log', payload: { level: 'info', message: 'x', time: at(6) } });
    expect(store.getState().progress).toBe(before);
    stop();
    emit(progress({ runId: 'r2', step: 'audit', state: 'started' }));
    expect(store.getState().progress.order).toEqual(['r1']);
  });

  it('100 instances x 300 commands each stays bounded: the newest lines per instance, the count of all', () => {
    let state = NO_PROGRESS;
    for (let index = 0; index < 100; index++)
      state = withProgress(state, { runId: 'big', instance: `ct${index}`, step: 'audit', state: 'started', time: at(1) });
    for (let round = 0; round < 300; round++) {
      for (let index = 0; index < 100; index++)
        state = withTranscript(state, { runId: 'big', instance: `ct${index}`, command: `cmd ${round}`, exit: 0, ms: 1 }, () => at(2));
    }
    const run = state.runs.big;
    expect(run?.order.length).toBe(100);
    for (const name of run?.order ?? []) {
      const instance = run?.instances[name];
      expect(instance?.transcript.length).toBe(TRANSCRIPT_LINES_PER_INSTANCE);
      expect(instance?.operations).toBe(300);
      expect(instance?.transcript[0]?.command).toBe(`cmd ${300 - TRANSCRIPT_LINES_PER_INSTANCE}`);
      expect(instance?.transcript.at(-1)?.command).toBe('cmd 299');
    }
  });

  it('keeps only the newest runs', () => {
    const { api, emit } = fakeApi();
    const store = createAppStore(api);
    store.getState().listenForProgress();
    for (let index = 0; index < RUNS_KEPT + 5; index++)
      emit(progress({ runId: `run-${index}`, instance: 'ct1', step: 'connect', state: 'started' }));
    const { order, runs } = store.getState().progress;
    expect(order.length).toBe(RUNS_KEPT);
    expect(order[0]).toBe('run-5');
    expect(Object.keys(runs).length).toBe(RUNS_KEPT);
    expect(store.getState().latestRun()?.runId).toBe(`run-${RUNS_KEPT + 4}`);
    store.getState().clearProgress();
    expect(store.getState().latestRun()).toBeUndefined();
  });

  it('listens once however many callers subscribe, and stops when the last one leaves', () => {
    const { api, emit, listeners } = fakeApi();
    const store = createAppStore(api);
    const stopPrompts = store.getState().listenForPrompts();
    const stopProgress = store.getState().listenForProgress();
    emit(transcript('r1', 'ct1', 'id'));
    expect(store.getState().latestRun()?.instances.ct1?.operations).toBe(1);
    stopPrompts();
    emit(transcript('r1', 'ct1', 'id'));
    expect(store.getState().latestRun()?.instances.ct1?.operations).toBe(2);
    stopProgress();
    stopProgress();
    expect(listeners.size).toBe(0);
  });
});
