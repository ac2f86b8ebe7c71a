// The resume banner rendered over a store: the current step's restored result marked by time and STALE, Start over beside it.
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ResumeBanner } from '../../renderer/session/ResumeBanner.js';
import { clockTime } from '../../renderer/session/restored-marks.js';
import { restoreSession } from '../../renderer/session/session-restore.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleWizardSession } from './session-sample.js';
import { elementByTestId, renderWithState } from './static-render.js';

const PATH = '/p/x.ctha.json';

function restoredState(step: string) {
  const { patch, restored } = restoreSession(sampleWizardSession(PATH, { step }), { plan: samplePlan() }, { reportEngineer: '' });
  return { ...patch, sessionRestored: restored };
}

describe('resume banner', () => {
  it('on the Audit step marks the restored audit by its time and as STALE, and offers Start over', () => {
    const html = renderWithState(createElement(ResumeBanner), restoredState('audit'));
    const current = elementByTestId(html, 'session-mark-current');
    expect(current?.attributes['data-result']).toBe('audit');
    expect(current?.attributes['data-stale']).toBe('true');
    expect(current?.text).toBe(
      `The audit shown is from ${clockTime('2026-12-07T13:02:00.000Z')}, before the window was closed. STALE: the hosts may have changed since; run it again before relying on it.`,
    );
    expect(elementByTestId(html, 'session-mark-probe')?.attributes['data-stale']).toBe('true');
    expect(elementByTestId(html, 'session-mark-report')?.attributes['data-stale']).toBe('false');
    expect(elementByTestId(html, 'session-start-over')?.text).toBe('Start over');
  });

  it('on the Report step says the bundle is files on this machine, not STALE', () => {
    const current = elementByTestId(renderWithState(createElement(ResumeBanner), restoredState('report')), 'session-mark-current');
    expect(current?.attributes['data-stale']).toBe('false');
    expect(current?.text).toContain('files on this machine');
    expect(current?.text).not.toContain('STALE');
  });

  it('says why a session file cannot be resumed, as an alert with Start over', () => {
    const problem = '/p/x.ctha-session.json cannot be resumed: it is not a wizard session (no "format": "ctha-wizard-session")';
    const html = renderWithState(createElement(ResumeBanner), { sessionProblem: problem });
    expect(elementByTestId(html, 'session-problem')?.attributes['role']).toBe('alert');
    expect(elementByTestId(html, 'session-problem')?.text).toContain(problem);
    expect(elementByTestId(html, 'session-start-over')).toBeDefined();
  });

  it('shows nothing when nothing was restored', () => {
    expect(renderWithState(createElement(ResumeBanner), {})).toBe('');
  });
});
