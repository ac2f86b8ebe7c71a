import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleAuditReport } from './samples/audit-sample.js';

const PATH = '/p/x.ctha.json';
const key = { host: '10.0.0.11', port: 22, type: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` };

async function openedStore(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({ 'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }), ...overrides });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  return { store, api: fake.api };
}

describe('audit slice', () => {
  it('refuses to run on an unsaved project and calls nothing', async () => {
    const { store, api } = await openedStore();
    store.getState().updateName('edited');
    await store.getState().runAudit();
    expect(api['audit.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Save the project first: the audit runs on the saved project file.');
    expect(store.getState().auditStatus).toBe('idle');
  });

  it('runs on the saved file, keeps the report and the file it is of', async () => {
    const report = sampleAuditReport();
    const { store, api } = await openedStore({ 'audit.run': async () => ({ report, pinned: [], projectSaved: false }) });
    await store.getState().runAudit();
    expect(api['audit.run']).toHaveBeenCalledWith({ path: PATH });
    expect(store.getState().auditStatus).toBe('done');
    expect(store.getState().auditReport).toBe(report);
    expect(store.getState().auditPath).toBe(PATH);
  });

  it('passes a local kl_balancer.conf when one is given (trimmed), and none when blank', async () => {
    const { store, api } = await openedStore({
      'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    });
    store.getState().setBalancerConf('  /etc/ctha/kl_balancer.conf ');
    await store.getState().runAudit();
    expect(api['audit.run']).toHaveBeenLastCalledWith({ path: PATH, balancerConf: '/etc/ctha/kl_balancer.conf' });
    store.getState().setBalancerConf('   ');
    await store.getState().runAudit();
    expect(api['audit.run']).toHaveBeenLastCalledWith({ path: PATH });
  });

  it('reloads the project when host keys were pinned, and says why', async () => {
    const { store, api } = await openedStore({
      'audit.run': async () => ({ report: sampleAuditReport(), pinned: [key], projectSaved: true }),
    });
    await store.getState().runAudit();
    expect(api['project.open']).toHaveBeenCalledTimes(2);
    expect(store.getState().notice).toEqual({ kind: 'info', text: `1 host key(s) pinned into ${PATH}; the project was reloaded.` });
  });

  it('a failed run shows the engine message and drops the previous report', async () => {
    let fail = false;
    const { store } = await openedStore({
      'audit.run': async () => {
        if (fail) throw new ApiError({ code: 'internal', message: 'audit.run is not wired into this engine yet' });
        return { report: sampleAuditReport(), pinned: [], projectSaved: false };
      },
    });
    await store.getState().runAudit();
    fail = true;
    await store.getState().runAudit();
    expect(store.getState().auditStatus).toBe('failed');
    expect(store.getState().auditReport).toBeUndefined();
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Audit failed: audit.run is not wired into this engine yet' });
  });

  it('a second click while running does not start a second audit', async () => {
    let finish: () => void = () => undefined;
    const { store, api } = await openedStore({
      'audit.run': () =>
        new Promise((resolve) => (finish = () => resolve({ report: sampleAuditReport(), pinned: [], projectSaved: false }))),
    });
    const first = store.getState().runAudit();
    await store.getState().runAudit();
    expect(store.getState().auditStatus).toBe('running');
    finish();
    await first;
    expect(api['audit.run']).toHaveBeenCalledTimes(1);
    expect(store.getState().auditStatus).toBe('done');
  });
});
