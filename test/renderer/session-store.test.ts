// The wizard's resume in the store, without React: saved after each step, restored on open, marked, started over.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WizardSessionSchema } from '../../shared/contract/ops/session.js';
import type { CthaApi } from '../../shared/contract/api.js';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { captureSession, stampResults } from '../../renderer/session/session-capture.js';
import { clockTime, restoredMarks } from '../../renderer/session/restored-marks.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';
import { sampleWizardSession } from './session-sample.js';
import { sampleSpotCheck } from './spotcheck-sample.js';

const PATH = '/p/x.ctha.json';
// The session as the page sends it to session.save (the contract's input type).
type WizardSessionInput = Parameters<CthaApi['session.save']>[0]['session'];
type Overrides = Parameters<typeof fakeApi>[0];

function watchedStore(overrides: Overrides = {}) {
  const fake = fakeApi({
    'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
    'session.read': async () => ({ path: '/p/x.ctha-session.json' }),
    'session.save': async () => ({ path: '/p/x.ctha-session.json', bytes: 1 }),
    'session.clear': async () => ({ path: '/p/x.ctha-session.json', removed: true }),
    'plan.read': async () => samplePlan(),
    ...overrides,
  });
  const store = createAppStore(fake.api);
  const stop = store.getState().watchSession();
  return { store, api: fake.api, stop };
}

// Saves and reads run after the change that caused them: wait (bounded) until the store's session work is done.
async function settled(store: ReturnType<typeof createAppStore>): Promise<void> {
  await vi.waitFor(() => expect(store.getState().sessionStatus).toBe('idle'), { timeout: 2000, interval: 5 });
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function lastSaved(api: ReturnType<typeof watchedStore>['api']): WizardSessionInput {
  const calls = vi.mocked(api['session.save']).mock.calls;
  const session = calls[calls.length - 1]?.[0].session;
  if (session === undefined) throw new Error('nothing was saved');
  return session;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-07T13:02:00.000Z'));
});
afterEach(() => vi.useRealTimers());

describe('saving the session', () => {
  it('saves after a step completes, with the result and its time, and keeps that time when only the step changes', async () => {
    const report = sampleAuditReport();
    const { store, api } = watchedStore({ 'audit.run': async () => ({ report, pinned: [], projectSaved: false }) });
    await store.getState().open(PATH);
    await settled(store);
    expect(api['session.read']).toHaveBeenCalledWith({ projectPath: PATH });
    store.getState().goTo('audit');
    await store.getState().runAudit();
    await settled(store);
    const afterAudit = lastSaved(api);
    expect(afterAudit).toMatchObject({ projectPath: PATH, step: 'audit', audit: { path: PATH } });
    // The clock is set, not frozen: vi.waitFor may move it by its polling interval.
    expect(afterAudit.audit?.at).toMatch(/^2026-12-07T13:02:00\./);
    expect(afterAudit.audit?.report).toEqual(report);
    // The saved session is one the contract accepts as it is.
    expect(WizardSessionSchema.parse(afterAudit)).toEqual(afterAudit);
    vi.setSystemTime(new Date('2026-12-07T13:07:00.000Z'));
    store.getState().goTo('plan');
    await settled(store);
    expect(lastSaved(api)).toMatchObject({ step: 'plan', audit: { at: afterAudit.audit?.at } });
    expect(lastSaved(api).savedAt).toMatch(/^2026-12-07T13:07:00\./);
  });

  it('does not save while a step runs (its previous result is dropped meanwhile), then saves its new result', async () => {
    let finish: (value: { report: ReturnType<typeof sampleAuditReport>; pinned: []; projectSaved: false }) => void = () => undefined;
    const { store, api } = watchedStore({ 'audit.run': () => new Promise((resolve) => (finish = resolve)) });
    await store.getState().open(PATH);
    await settled(store);
    const running = store.getState().runAudit();
    store.getState().goTo('audit');
    await settled(store);
    expect(api['session.save']).not.toHaveBeenCalled();
    finish({ report: sampleAuditReport(), pinned: [], projectSaved: false });
    await running;
    await settled(store);
    expect(lastSaved(api).audit).toBeDefined();
  });

  it('keeps saving beside the open project when another file fails to open or is only typed in the path field', async () => {
    const { store, api } = watchedStore({ 'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }) });
    await store.getState().open(PATH);
    await settled(store);
    await store.getState().runAudit();
    vi.mocked(api['project.open']).mockRejectedValueOnce(
      new ApiError({ code: 'invalid-project', message: 'package.json is not a valid project file' }),
    );
    await store.getState().open('/repo/package.json');
    expect(store.getState().path).toBe('/repo/package.json');
    store.getState().goTo('audit');
    await settled(store);
    store.getState().setPath('/p/typed.ctha.json');
    store.getState().goTo('plan');
    await settled(store);
    const targets = vi.mocked(api['session.save']).mock.calls.map(([input]) => input.projectPath);
    expect(targets.length).toBeGreaterThan(0);
    expect(new Set(targets)).toEqual(new Set([PATH]));
    expect(api['session.read']).toHaveBeenCalledTimes(1);
  });

  it("moves the session to the file the project is saved as, with only that file's results", async () => {
    const { store, api } = watchedStore({
      'project.save': async ({ path }) => ({ path, sha256: 'cd', bytes: 10 }),
      'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    });
    await store.getState().open(PATH);
    await settled(store);
    await store.getState().runAudit();
    await settled(store);
    expect(lastSaved(api).projectPath).toBe(PATH);
    store.getState().setPath('/p/copy.ctha.json');
    await store.getState().save();
    await settled(store);
    // The audit on screen is of the first file: the copy has nothing to resume until a run on it.
    expect(vi.mocked(api['session.save']).mock.calls.map(([input]) => input.projectPath)).toEqual([PATH]);
    await store.getState().runAudit();
    await settled(store);
    expect(lastSaved(api)).toMatchObject({ projectPath: '/p/copy.ctha.json', audit: { path: '/p/copy.ctha.json' } });
  });

  it('saves nothing before a project file is open, nor for a project only looked at, and stops when unwatched', async () => {
    const { store, api, stop } = watchedStore({
      'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    });
    store.getState().goTo('audit');
    await settled(store);
    expect(api['session.save']).not.toHaveBeenCalled();
    await store.getState().open(PATH);
    store.getState().goTo('plan');
    await settled(store);
    expect(api['session.save']).not.toHaveBeenCalled();
    await store.getState().runAudit();
    await settled(store);
    expect(api['session.save']).toHaveBeenCalledTimes(1);
    stop();
    store.getState().goTo('probe');
    await settled(store);
    expect(api['session.save']).toHaveBeenCalledTimes(1);
  });
});

describe('resuming the session', () => {
  it('restores the same step with every result, the plan read again from its file, and nothing confirmed', async () => {
    const saved = sampleWizardSession(PATH);
    const { store, api } = watchedStore({ 'session.read': async () => ({ path: '/p/x.ctha-session.json', session: saved }) });
    await store.getState().open(PATH);
    await settled(store);
    const state = store.getState();
    expect(state.step).toBe('audit');
    expect(state.auditStatus).toBe('done');
    expect(state.auditReport).toEqual(saved.audit?.report);
    expect(api['plan.read']).toHaveBeenCalledWith({ path: '/p/x.plan.json' });
    expect(state.planPath).toBe('/p/x.plan.json');
    expect(state.applyRuns).toHaveLength(1);
    expect(state.probeResult).toEqual(saved.probe?.result);
    expect(state.reportBuilt).toEqual(saved.report?.built);
    expect(state.reportEngineer).toBe('Erika Engineer');
    expect(state.applyConfirmed).toBe(false);
    // What is on screen is what the file says: restoring is not a change to save.
    expect(api['session.save']).not.toHaveBeenCalled();
  });

  it('marks each restored result by its time, STALE where it describes the hosts, and drops the mark once run again', async () => {
    const report = sampleAuditReport();
    const { store } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
      'audit.run': async () => ({ report, pinned: [], projectSaved: false }),
    });
    await store.getState().open(PATH);
    await settled(store);
    const marks = () => restoredMarks(store.getState(), store.getState().sessionRestored, new Date('2026-12-07T14:00:00.000Z'));
    expect(marks().map((mark) => [mark.key, mark.at, mark.stale])).toEqual([
      ['prechecks', '2026-12-07T12:58:00.000Z', true],
      ['audit', '2026-12-07T13:02:00.000Z', true],
      // The plan file's own time: it is the plan Apply would apply.
      ['plan', samplePlan().createdAt, true],
      ['applies', '2026-12-07T13:04:00.000Z', true],
      ['probe', '2026-12-07T13:04:30.000Z', true],
      ['report', '2026-12-07T13:04:50.000Z', false],
    ]);
    expect(marks()[1]?.clock).toBe(clockTime('2026-12-07T13:02:00.000Z', new Date('2026-12-07T14:00:00.000Z')));
    await store.getState().runAudit();
    expect(marks().map((mark) => mark.key)).not.toContain('audit');
    expect(marks().map((mark) => mark.key)).toContain('probe');
  });

  it("keeps requirement 3's spot-check: saved with its result and evidence, restored STALE", async () => {
    const request = { indicators: ['http://bad.example/x', '198.51.100.7'], user: 'rest-admin', port: 9443, apiVersion: '1.2' as const };
    const first = watchedStore({ 'indicators.spotCheck': async () => sampleSpotCheck() });
    await first.store.getState().open(PATH);
    await settled(first.store);
    await first.store.getState().runSpotCheck(request);
    await settled(first.store);
    const saved = lastSaved(first.api);
    expect(saved.spotCheck).toMatchObject({ path: PATH, port: 9443, indicators: 2 });
    expect(saved.spotCheck?.at).toMatch(/^2026-12-07T13:02:/);
    expect(saved.spotCheck?.evidence?.consistent).toBe(true);
    // The result as the panel shows it (per-indicator answers); the REST password never enters it.
    expect(saved.spotCheck?.result.indicators.map((row) => row.indicator)).toEqual(
      sampleSpotCheck().indicators.map((row) => row.indicator),
    );
    const session = WizardSessionSchema.parse(saved);

    vi.setSystemTime(new Date('2026-12-07T15:00:00.000Z'));
    const second = watchedStore({ 'session.read': async () => ({ path: '/p/x.ctha-session.json', session }) });
    await second.store.getState().open(PATH);
    await settled(second.store);
    const restored = second.store.getState().spotCheck;
    expect(restored).toMatchObject({ status: 'done', path: PATH, indicators: 2, result: { outcome: 'consistent' } });
    expect(restored?.evidence).toEqual(saved.spotCheck?.evidence);
    const marks = restoredMarks(second.store.getState(), second.store.getState().sessionRestored);
    expect(marks.map((mark) => [mark.key, mark.at, mark.stale])).toEqual([['spotCheck', saved.spotCheck?.at, true]]);
  });

  it('does not restore a plan whose file cannot be read again: Apply then refuses, saying to make the plan', async () => {
    const { store, api } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
      'plan.read': async () => {
        throw new ApiError({ code: 'not-found', message: 'no such file: /p/x.plan.json' });
      },
    });
    await store.getState().open(PATH);
    await settled(store);
    expect(store.getState().planPath).toBeUndefined();
    expect(store.getState().sessionRestored?.notes[0]).toContain('no such file: /p/x.plan.json');
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toMatch(/^Create a plan first/);
  });

  it('applies a restored plan only through apply.run on its file, after a new confirmation', async () => {
    const { store, api } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
      'apply.run': async () => {
        throw new ApiError({ code: 'invalid-input', message: 'stale plan: /opt/x changed since the plan' });
      },
    });
    await store.getState().open(PATH);
    await settled(store);
    await store.getState().runApply();
    expect(api['apply.run']).not.toHaveBeenCalled();
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).toHaveBeenCalledWith({ path: '/p/x.plan.json', rolling: true });
    expect(store.getState().notice?.text).toContain('stale plan');
  });

  it('does not restore again when the same project is reopened in this window (after pinning host keys)', async () => {
    const { store, api } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
    });
    await store.getState().open(PATH);
    await settled(store);
    store.getState().goTo('probe');
    await store.getState().open(PATH);
    await settled(store);
    expect(api['session.read']).toHaveBeenCalledTimes(1);
    expect(store.getState().step).toBe('probe');
  });

  it('says why a session file cannot be resumed, saves nothing over it, and Start over removes it', async () => {
    const problem = '/p/x.ctha-session.json cannot be resumed: it is not JSON (cut short or edited by hand?)';
    const { store, api } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', problem }),
      'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    });
    await store.getState().open(PATH);
    await settled(store);
    expect(store.getState().sessionProblem).toBe(problem);
    store.getState().goTo('audit');
    await settled(store);
    expect(api['session.save']).not.toHaveBeenCalled();
    await store.getState().startOver();
    await settled(store);
    expect(api['session.clear']).toHaveBeenCalledWith({ projectPath: PATH });
    expect(store.getState().sessionProblem).toBeUndefined();
    store.getState().goTo('audit');
    await store.getState().runAudit();
    await settled(store);
    expect(lastSaved(api).step).toBe('audit');
  });
});

describe('starting over', () => {
  it('clears the session file and every restored result, back to Pre-checks, without saving at once', async () => {
    const { store, api } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
    });
    await store.getState().open(PATH);
    await settled(store);
    await store.getState().startOver();
    await settled(store);
    const state = store.getState();
    expect(api['session.clear']).toHaveBeenCalledWith({ projectPath: PATH });
    expect([state.auditReport, state.plan, state.planPath, state.probeResult, state.reportBuilt]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(state.applyRuns).toEqual([]);
    expect(state.precheckResults).toEqual([]);
    expect(state.step).toBe('prechecks');
    expect(restoredMarks(state, state.sessionRestored)).toEqual([]);
    expect(state.notice?.text).toContain('Started over: /p/x.ctha-session.json was removed');
    // With no result left there is nothing to resume: moving between steps writes no file again.
    store.getState().goTo('audit');
    await settled(store);
    expect(api['session.save']).not.toHaveBeenCalled();
  });

  it('keeps everything when the file cannot be removed, and says why', async () => {
    const { store } = watchedStore({
      'session.read': async () => ({ path: '/p/x.ctha-session.json', session: sampleWizardSession(PATH) }),
      'session.clear': async () => {
        throw new ApiError({ code: 'io', message: 'cannot remove the session /p/x.ctha-session.json: EACCES' });
      },
    });
    await store.getState().open(PATH);
    await settled(store);
    await store.getState().startOver();
    expect(store.getState().auditReport).toBeDefined();
    expect(store.getState().notice?.text).toBe('Could not start over: cannot remove the session /p/x.ctha-session.json: EACCES');
  });
});

describe('stamps and times', () => {
  it('keeps the audit time when the audit is only re-decided from statements', () => {
    const store = createAppStore(fakeApi().api);
    const report = sampleAuditReport();
    store.setState({ auditReport: report });
    const first = stampResults(store.getState(), {}, '2026-12-07T13:02:00.000Z');
    const restated = { ...report };
    store.setState({ auditReport: restated, restatedAudit: { report: restated, at: '2026-12-07T13:10:00.000Z' } });
    expect(stampResults(store.getState(), first, '2026-12-07T13:10:00.000Z').audit?.at).toBe('2026-12-07T13:02:00.000Z');
    store.setState({ auditReport: { ...report }, restatedAudit: undefined });
    expect(stampResults(store.getState(), first, '2026-12-07T13:11:00.000Z').audit?.at).toBe('2026-12-07T13:11:00.000Z');
  });

  it('captures nothing without an open project, and no result of another project file', () => {
    const store = createAppStore(fakeApi().api);
    expect(captureSession(store.getState(), PATH, {}, '2026-12-07T13:02:00.000Z')).toBeUndefined();
    store.setState({ draft: sampleProject(), path: PATH, auditReport: sampleAuditReport(), auditPath: '/p/other.ctha.json' });
    expect(captureSession(store.getState(), PATH, {}, '2026-12-07T13:02:00.000Z')?.audit).toBeUndefined();
    store.setState({ auditPath: PATH });
    expect(captureSession(store.getState(), PATH, {}, '2026-12-07T13:02:00.000Z')?.audit?.path).toBe(PATH);
  });

  it('reads a time as the clock on the wall today, with the date on another day', () => {
    const now = new Date(2026, 11, 7, 15, 0);
    expect(clockTime(new Date(2026, 11, 7, 13, 2).toISOString(), now)).toBe('13:02');
    expect(clockTime(new Date(2026, 11, 6, 9, 5).toISOString(), now)).toBe('2026-12-06 09:05');
  });
});
