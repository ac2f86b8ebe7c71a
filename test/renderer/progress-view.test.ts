// Live progress without React: which step owns a run, the rows' bars and serving state, the live region's sentence, batching.
import { describe, expect, it } from 'vitest';
import { instancePhase, servingOf, servingSummary } from '../../renderer/progress/instance-phase.js';
import { formatElapsed, stepLabel } from '../../renderer/progress/progress-labels.js';
import { stateChanges, statesOf } from '../../renderer/progress/state-changes.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import type { InstanceProgress } from '../../renderer/store/progress-runs.js';
import type { ProgressRuns, QueuedEvent } from '../../renderer/store/progress-runs.js';
import { latestRunOf, NO_PROGRESS, RUNS_KEPT, withEvents, withProgress, withTranscript } from '../../renderer/store/progress-runs.js';
import type { EngineEvent, ProgressEvent } from '../../shared/contract/events.js';
import { fakeApi } from './fake-api.js';

const event = (fields: Omit<ProgressEvent, 'time'>): EngineEvent => ({
  name: 'progress',
  payload: { time: '2026-01-01T00:00:00.000Z', ...fields },
});
const row = (step: string, state: InstanceProgress['state'], name = 'ct1'): InstanceProgress => ({
  instance: name,
  step,
  state,
  detail: undefined,
  done: undefined,
  total: undefined,
  startedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  transcript: [],
  operations: 0,
});

describe('which step a run belongs to', () => {
  it('a run first heard of while the audit runs is the audit’s; later events do not change its owner', () => {
    const { api, emit } = fakeApi();
    const store = createAppStore(api);
    store.getState().listenForProgress();
    emit(event({ runId: 'before', instance: 'ct1', step: 'connect', state: 'started' }));
    store.setState({ auditStatus: 'running' });
    emit(event({ runId: 'a1', instance: 'ct1', step: 'connect', state: 'started' }));
    store.setState({ auditStatus: 'done', applyStatus: 'running' });
    emit(event({ runId: 'a1', instance: 'ct1', step: 'audit', state: 'done' }));
    emit({ name: 'transcript', payload: { runId: 'p1', instance: 'ct2', command: 'uname', exit: 0, ms: 1 } });
    const { progress } = store.getState();
    expect(progress.runs.before?.owners).toEqual([]);
    expect(progress.runs.a1?.owners).toEqual(['audit']);
    expect(progress.runs.p1?.owners).toEqual(['apply']);
    expect(latestRunOf(progress, 'audit')?.runId).toBe('a1');
    expect(latestRunOf(progress, 'audit')?.instances.ct1?.step).toBe('audit');
    expect(latestRunOf(progress, 'apply')?.runId).toBe('p1');
    expect(latestRunOf(progress, 'probe')).toBeUndefined();
  });

  it('latestRunOf picks the newest of several runs of a step', () => {
    let state = withProgress(NO_PROGRESS, { runId: 'r1', step: 'x', state: 'started', time: 't' }, ['probe']);
    state = withProgress(state, { runId: 'r2', step: 'x', state: 'started', time: 't' }, ['probe']);
    state = withTranscript(state, { runId: 'r3', instance: 'ct1', command: 'c', exit: 0, ms: 1 }, () => 't', ['audit']);
    expect(latestRunOf(state, 'probe')?.runId).toBe('r2');
    expect(latestRunOf(state, 'audit')?.runId).toBe('r3');
  });
});

describe('a batch of events', () => {
  it('gives the state one-by-one application gives, and changes neither the state it started from nor an earlier batch’s', () => {
    // A fixed pseudo-random mix: run-level and instance events, transcripts first, more runs than are kept.
    let seed = 7;
    const next = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const batch = (size: number): QueuedEvent[] =>
      Array.from({ length: size }, (_, index): QueuedEvent => {
        const runId = `r${next(RUNS_KEPT + 3)}`;
        const owners = next(2) === 0 ? (['audit'] as const) : (['apply'] as const);
        const roll = next(10);
        if (roll < 3)
          return {
            name: 'transcript',
            payload: { runId, instance: `ct${next(5)}`, command: `c${index}`, exit: next(2), ms: index },
            owners,
          };
        const states = ['started', 'done', 'failed'] as const;
        return {
          name: 'progress',
          payload: {
            runId,
            step: `s${next(4)}`,
            state: states[next(3)] ?? 'started',
            time: `t${index}`,
            ...(roll < 5 ? {} : { instance: `ct${next(5)}` }),
            ...(next(2) === 0 ? { done: next(9), total: 9 } : {}),
          },
          owners,
        };
      });
    const oneByOne = (state: ProgressRuns, events: readonly QueuedEvent[]): ProgressRuns =>
      events.reduce(
        (acc, item) =>
          item.name === 'progress'
            ? withProgress(acc, item.payload, item.owners)
            : withTranscript(acc, item.payload, () => 'now', item.owners),
        state,
      );
    const first = batch(400);
    const second = batch(400);
    const afterFirst = withEvents(NO_PROGRESS, first, () => 'now');
    const copyOfFirst = structuredClone(afterFirst);
    expect(afterFirst).toEqual(oneByOne(NO_PROGRESS, first));
    expect(afterFirst.count).toBeGreaterThan(RUNS_KEPT);
    const afterSecond = withEvents(afterFirst, second, () => 'now');
    expect(afterSecond).toEqual(oneByOne(oneByOne(NO_PROGRESS, first), second));
    expect(afterFirst).toEqual(copyOfFirst);
    expect(NO_PROGRESS).toEqual({ runs: {}, order: [], count: 0 });
  });
});

describe('batching per animation frame', () => {
  it('holds events until the frame, then applies them all in one state change, in order', () => {
    const frames: (() => void)[] = [];
    const saved = globalThis.requestAnimationFrame;
    globalThis.requestAnimationFrame = (callback: FrameRequestCallback) => frames.push(() => callback(0));
    try {
      const { api, emit } = fakeApi();
      const store = createAppStore(api);
      store.getState().listenForProgress();
      let changes = 0;
      store.subscribe((state, previous) => {
        if (state.progress !== previous.progress) changes += 1;
      });
      for (let index = 0; index < 300; index += 1)
        emit(event({ runId: 'r', instance: `ct${index % 100}`, step: index < 200 ? 'connect' : 'audit', state: 'started' }));
      expect(store.getState().progress.order).toEqual([]);
      expect(frames).toHaveLength(1);
      frames.shift()?.();
      expect(changes).toBe(1);
      const run = store.getState().latestRun();
      expect(run?.order).toHaveLength(100);
      expect(run?.instances.ct0?.step).toBe('audit');
    } finally {
      if (saved === undefined) Reflect.deleteProperty(globalThis, 'requestAnimationFrame');
      else globalThis.requestAnimationFrame = saved;
    }
  });
});

describe('a row’s bar and serving state', () => {
  it('an apply moves the bar forward step by step and fills it when the instance ends', () => {
    const connecting = instancePhase(row('connect', 'started'), true);
    const stopping = instancePhase(row('stop', 'started'), true);
    const ready = instancePhase(row('ready', 'done'), true);
    const ended = instancePhase(row('apply', 'done'), true);
    expect(connecting.value).toBe(0);
    expect(stopping.value).toBeGreaterThan(connecting.value);
    expect(ready.value).toBeGreaterThan(stopping.value);
    expect(ready.value).toBeLessThan(ready.max);
    expect(ended).toEqual({ value: ended.max, max: ended.max });
    expect(instancePhase(row('apply', 'failed'), true).value).toBe(ended.max);
  });

  it('other steps: connect, then the work, full when it ends or the connect fails', () => {
    expect(instancePhase(row('connect', 'started'), false)).toEqual({ value: 0, max: 2 });
    expect(instancePhase(row('connect', 'done'), false)).toEqual({ value: 1, max: 2 });
    expect(instancePhase(row('audit', 'started'), false)).toEqual({ value: 1, max: 2 });
    expect(instancePhase(row('audit', 'done'), false)).toEqual({ value: 2, max: 2 });
    expect(instancePhase(row('connect', 'failed'), false)).toEqual({ value: 2, max: 2 });
  });

  it('not serving from the stop until PONG; serving before and after; unknown after a failed apply', () => {
    expect(servingOf(row('stale-check', 'done'))).toBe('serving');
    expect(servingOf(row('stop', 'started'))).toBe('stopped');
    expect(servingOf(row('write', 'done'))).toBe('stopped');
    expect(servingOf(row('ready', 'started'))).toBe('stopped');
    expect(servingOf(row('ready', 'done'))).toBe('serving');
    expect(servingOf(row('restart', 'started'))).toBe('stopped');
    expect(servingOf(row('apply', 'failed'))).toBe('unknown');
    expect(servingSummary([row('write', 'started', 'ct1'), row('verify', 'done', 'ct2'), row('connect', 'done', 'ct3')])).toEqual({
      stopped: ['ct1'],
      serving: ['ct2', 'ct3'],
      unknown: [],
    });
  });
});

describe('words', () => {
  it('labels known steps, shows unknown ones as sent, formats elapsed time', () => {
    expect(stepLabel('stop')).toBe('Stopping the service');
    expect(stepLabel('brand-new-step')).toBe('brand-new-step');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatElapsed(-5)).toBe('0:00');
  });

  it('announces state changes only: not a new running instance, not an unchanged one', () => {
    let state = withProgress(NO_PROGRESS, { runId: 'r', instance: 'ct1', step: 'connect', state: 'started', time: 't' });
    state = withProgress(state, { runId: 'r', instance: 'ct2', step: 'connect', state: 'started', time: 't' });
    const before = statesOf(state.runs.r!);
    state = withProgress(state, { runId: 'r', instance: 'ct1', step: 'audit', state: 'started', time: 't' });
    expect(stateChanges(before, statesOf(state.runs.r!))).toBe('');
    state = withProgress(state, { runId: 'r', instance: 'ct2', step: 'connect', state: 'failed', time: 't' });
    state = withProgress(state, { runId: 'r', instance: 'ct3', step: 'connect', state: 'done', time: 't' });
    expect(stateChanges(before, statesOf(state.runs.r!))).toBe('ct2: failed; ct3: done');
  });
});
