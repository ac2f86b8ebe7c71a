import { describe, expect, it } from 'vitest';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';

const passed: PrecheckResult = { check: 'reachable', instance: 'ct1', status: 'pass', severity: 'blocker', evidence: 'ok' };

describe('precheck slice', () => {
  it('refuses to run on an unsaved project and calls nothing', async () => {
    const { api } = fakeApi();
    const store = createAppStore(api);
    store.getState().newProject();
    await store.getState().runPrechecks();
    expect(api['prechecks.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toContain('Save the project first');
  });

  it('runs on the saved file, keeps the results, and reloads the project when keys were pinned', async () => {
    const { api } = fakeApi({
      'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
      'prechecks.run': async () => ({
        results: [passed],
        pinned: [{ host: '10.0.0.11', port: 22, type: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` }],
        projectSaved: true,
      }),
    });
    const store = createAppStore(api);
    await store.getState().open('/p/x.ctha.json');
    await store.getState().runPrechecks();
    expect(api['prechecks.run']).toHaveBeenCalledWith({ path: '/p/x.ctha.json' });
    expect(store.getState().precheckStatus).toBe('done');
    expect(store.getState().precheckResults).toEqual([passed]);
    expect(store.getState().precheckPinned).toBe(1);
    expect(api['project.open']).toHaveBeenCalledTimes(2);
  });

  it("keeps the run's transcript in the evidence's form, with the file it is of and when it ran", async () => {
    const entry = {
      instance: 'ct1',
      target: '10.0.0.11:22',
      kind: 'exec',
      op: 'exec',
      command: 'uname -s',
      exitCode: 0,
      startedAt: '2025-05-01T10:00:00.100Z',
      durationMs: 12,
      bytesIn: 6,
      bytesOut: 0,
    };
    const { api } = fakeApi({
      'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
      // The engine may carry fields the evidence does not name; they are left out.
      'prechecks.run': async () => ({ results: [passed], pinned: [], projectSaved: false, transcript: [{ ...entry, engineOnly: 'x' }] }),
    });
    const store = createAppStore(api);
    await store.getState().open('/p/x.ctha.json');
    await store.getState().runPrechecks();
    const state = store.getState();
    expect(state.precheckTranscript).toEqual([entry]);
    expect(state.precheckPath).toBe('/p/x.ctha.json');
    expect(Date.parse(state.precheckStartedAt)).toBeLessThanOrEqual(Date.parse(state.precheckFinishedAt));
    expect(state.notice?.kind).not.toBe('error');
  });

  it("keeps the results but says so when the transcript is not in the evidence's form", async () => {
    const { api } = fakeApi({
      'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
      'prechecks.run': async () => ({
        results: [passed],
        pinned: [],
        projectSaved: false,
        transcript: [{ instance: 'ct1', kind: 'telnet', op: 'exec' }],
      }),
    });
    const store = createAppStore(api);
    await store.getState().open('/p/x.ctha.json');
    await store.getState().runPrechecks();
    expect(store.getState().precheckResults).toEqual([passed]);
    expect(store.getState().precheckTranscript).toEqual([]);
    expect(store.getState().notice?.kind).toBe('error');
    expect(store.getState().notice?.text).toMatch(
      /^The pre-checks ran, but their transcript is not in the evidence's form \(entry 0\.\w+: .+\); a report of this session would lack it\.$/,
    );
  });

  it('shows the engine error when the run fails', async () => {
    const { api } = fakeApi({
      'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
      'prechecks.run': async () => {
        throw new Error('engine gone');
      },
    });
    const store = createAppStore(api);
    await store.getState().open('/p/x.ctha.json');
    await store.getState().runPrechecks();
    expect(store.getState().precheckStatus).toBe('failed');
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'engine gone' });
  });
});
