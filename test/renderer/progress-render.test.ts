// Static render of the live progress: rows, bars with their numbers, states in words, serving line, step screens.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { AuditStep } from '../../renderer/audit/AuditStep.js';
import { RunProgress } from '../../renderer/progress/RunProgress.js';
import { StepProgress } from '../../renderer/progress/StepProgress.js';
import { ROWS_PER_FRAME } from '../../renderer/progress/use-progressive-count.js';
import type { ProgressRuns } from '../../renderer/store/progress-runs.js';
import { NO_PROGRESS, withProgress, withTranscript } from '../../renderer/store/progress-runs.js';
import type { ProgressEvent } from '../../shared/contract/events.js';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AppStore } from '../../renderer/store/create-app-store.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { StoreProvider } from '../../renderer/store/store-context.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { elementByTestId, renderWithState } from './static-render.js';

/** Renders over a store as it is now (its state changed step by step, so the progress marks are the real ones). */
function renderStore(store: AppStore, element: ReactElement): string {
  const snapshot = store.getState();
  return renderToStaticMarkup(createElement(StoreProvider, { store: { ...store, getInitialState: () => snapshot }, children: element }));
}

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
type Fields = Omit<ProgressEvent, 'runId' | 'time'>;

function applyRun(): ProgressRuns {
  const events: [Fields, number][] = [
    [{ instance: 'ct1', step: 'connect', state: 'done' }, 1],
    [{ instance: 'ct2', step: 'connect', state: 'done' }, 1],
    [{ instance: 'ct1', step: 'write', state: 'started', detail: '/opt/kaspersky/ct/etc/ct.conf' }, 4],
    [{ instance: 'ct2', step: 'apply', state: 'failed', detail: 'rolled-back: PONG missing' }, 9],
  ];
  let state = NO_PROGRESS;
  for (const [fields, second] of events) state = withProgress(state, { runId: 'run-1', time: at(second), ...fields }, ['apply']);
  return withTranscript(state, { runId: 'run-1', instance: 'ct1', command: 'systemctl stop cybertrace', exit: 0, ms: 812 }, () => at(3), [
    'apply',
  ]);
}

describe('RunProgress', () => {
  it('one row per instance: name, step label with detail, bar with numbers, elapsed, state in words, serving', () => {
    const run = applyRun().runs['run-1']!;
    const html = renderWithState(createElement(RunProgress, { run, running: false, applying: true }), {});
    const first = elementByTestId(html, 'progress-row-0');
    expect(first?.attributes['data-state']).toBe('started');
    expect(first?.text).toContain('ct1');
    expect(elementByTestId(html, 'progress-step-0')?.text).toBe('Writing the files: /opt/kaspersky/ct/etc/ct.conf');
    expect(first?.text).toContain('Running');
    // Not running any more: the elapsed time is from the first event to the latest (1 s to 4 s).
    expect(first?.text).toContain('0:03');
    expect(elementByTestId(html, 'progress-serving-0')?.text).toBe('service stopped: not serving');
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuemin="0" aria-valuemax="11" aria-valuenow="7"/);
    expect(first?.text).toContain('7/11');
    expect(first?.text).toContain('Transcript (1)');
    const second = elementByTestId(html, 'progress-row-1');
    expect(second?.attributes['data-state']).toBe('failed');
    expect(second?.text).toContain('Failed');
    expect(elementByTestId(html, 'progress-serving-1')?.text).toBe('see the result');
    expect(elementByTestId(html, 'progress-serving-line')?.text).toBe('Not serving now: ct1. Serving: none. Unknown, see the result: ct2.');
    expect(html).toContain('aria-live="polite"');
  });

  it('outside an apply: no serving column or line, a two-phase bar', () => {
    let state = withProgress(NO_PROGRESS, { runId: 'a', instance: 'ct1', step: 'audit', state: 'done', time: at(2) }, ['audit']);
    state = withProgress(state, { runId: 'a', step: 'audit', state: 'done', detail: 'every instance read', time: at(3) }, ['audit']);
    const html = renderWithState(createElement(RunProgress, { run: state.runs.a!, running: false, applying: false }), {});
    expect(elementByTestId(html, 'progress-serving-line')).toBeUndefined();
    expect(elementByTestId(html, 'progress-serving-0')).toBeUndefined();
    expect(html).toMatch(/aria-valuemax="2" aria-valuenow="2"/);
    expect(elementByTestId(html, 'progress-summary')?.text).toBe(
      'Reading the configuration: every instance read. 1 of 1 instance(s) finished their current step.',
    );
  });
});

describe('RunProgress with many instances', () => {
  it('mounts the first chunk of rows at once; the rest follow frame by frame (the browser test sees all 100)', () => {
    let state = NO_PROGRESS;
    for (let index = 0; index < 30; index += 1)
      state = withProgress(state, { runId: 'big', instance: `ct${index}`, step: 'connect', state: 'started', time: at(0) }, ['audit']);
    const html = renderWithState(createElement(RunProgress, { run: state.runs.big!, running: true, applying: false }), {});
    expect(elementByTestId(html, `progress-row-${ROWS_PER_FRAME - 1}`)).toBeDefined();
    expect(elementByTestId(html, `progress-row-${ROWS_PER_FRAME}`)).toBeUndefined();
    expect(elementByTestId(html, 'progress-summary')?.text).toContain('0 of 30 instance(s)');
  });
});

describe('StepProgress on a step screen', () => {
  it('the audit screen: waiting before its run’s first event, then its own run open, not an earlier one nor another step’s', () => {
    const { api } = fakeApi();
    const store = createAppStore(api);
    const earlier = withProgress(NO_PROGRESS, { runId: 'old-audit', instance: 'ct1', step: 'audit', state: 'done', time: at(0) }, [
      'audit',
    ]);
    store.setState({ draft: sampleProject(), path: '/p/x.ctha.json', progress: earlier, auditStatus: 'done' });
    store.setState({ auditStatus: 'running' });
    const waiting = renderStore(store, createElement(AuditStep));
    expect(elementByTestId(waiting, 'progress-audit')?.attributes['data-waiting']).toBe('true');
    expect(waiting).not.toContain('old-audit');
    const progress = withProgress(
      withProgress(earlier, { runId: 'audit-run', instance: 'ct1', step: 'audit', state: 'started', time: at(1) }, ['audit']),
      { runId: 'apply-run', instance: 'ct9', step: 'stop', state: 'started', time: at(2) },
      ['apply'],
    );
    store.setState({ progress });
    const html = renderStore(store, createElement(AuditStep));
    const panel = elementByTestId(html, 'progress-audit');
    expect(panel?.attributes.open).toBe('');
    expect(panel?.attributes['data-waiting']).toBeUndefined();
    expect(elementByTestId(html, 'run-progress')?.attributes['data-run']).toBe('audit-run');
    expect(html).not.toContain('ct9');
  });

  it('an operation that ended without any run of its own shows no earlier run as its progress', () => {
    const { api } = fakeApi();
    const store = createAppStore(api);
    const earlier = withProgress(NO_PROGRESS, { runId: 'old', instance: 'ct1', step: 'probe', state: 'done', time: at(0) }, ['probe']);
    store.setState({ progress: earlier });
    store.setState({ probeStatus: 'running' });
    store.setState({ probeStatus: 'failed' });
    expect(renderStore(store, createElement(StepProgress, { owner: 'probe' }))).toBe('');
  });

  it('after the run: the last run’s rows kept, folded; nothing before any run', () => {
    const progress = withProgress(NO_PROGRESS, { runId: 'p', instance: 'ct1', step: 'probe', state: 'done', time: at(1) }, ['probe']);
    const after = renderWithState(createElement(StepProgress, { owner: 'probe' }), { progress, probeStatus: 'done' });
    expect(elementByTestId(after, 'progress-probe')?.attributes.open).toBeUndefined();
    expect(elementByTestId(after, 'progress-probe')?.text).toContain('Progress of the last run (1 instance(s))');
    expect(elementByTestId(after, 'progress-row-0')?.attributes['data-state']).toBe('done');
    // One live region, outside the folded disclosure, so the last state changes are still heard as it folds.
    expect(after.match(/aria-live="polite"/g)).toHaveLength(1);
    expect(after.indexOf('aria-live="polite"')).toBeLessThan(after.indexOf('<details'));
    expect(renderWithState(createElement(StepProgress, { owner: 'apply' }), { progress })).toBe('');
  });
});
