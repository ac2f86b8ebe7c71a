import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleApplyReport } from './samples/apply-sample.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { samplePlan } from './samples/plan-sample.js';

const PATH = '/p/x.ctha.json';

async function plannedStore(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({
    'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
    'plan.create': async ({ out }) => ({ plan: samplePlan(), savedTo: out, pinned: [], projectSaved: false }),
    'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    ...overrides,
  });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  await store.getState().createPlan();
  return { store, api: fake.api };
}

describe('apply slice', () => {
  it('does nothing without a plan', async () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(fake.api['apply.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Create a plan first: Apply writes exactly the plan you reviewed.');
  });

  it('does nothing until the engineer confirms', async () => {
    const { store, api } = await plannedStore();
    await store.getState().runApply();
    expect(api['apply.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Tick the confirmation first: Apply changes files and restarts services.');
  });

  it('applies the saved plan file, rolling by default, and spends the confirmation', async () => {
    const report = sampleApplyReport();
    const { store, api } = await plannedStore({
      'apply.run': async () => ({ report, plan: samplePlan(), pinned: [], projectSaved: false }),
    });
    await store.getState().runAudit();
    expect(store.getState().applyMode).toBe('rolling');
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).toHaveBeenCalledWith({ path: '/p/x.plan.json', rolling: true });
    expect(store.getState().applyReport).toBe(report);
    expect(store.getState().applyConfirmed).toBe(false);
    // Files changed: the audit and the probe now describe the hosts as they were.
    expect(store.getState().auditStale).toBe(true);
    expect(store.getState().probeStale).toBe(true);
    await store.getState().runApply();
    expect(api['apply.run']).toHaveBeenCalledTimes(1);
  });

  it('verifies against the kl_balancer.conf the plan was made with, not one typed since', async () => {
    const { store, api } = await plannedStore({
      'apply.run': async () => ({ report: sampleApplyReport(), plan: samplePlan(), pinned: [], projectSaved: false }),
    });
    store.getState().setBalancerConf('/lab/balancer/bin/kl_balancer.conf');
    await store.getState().createPlan();
    store.getState().setBalancerConf('/elsewhere/kl_balancer.conf');
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).toHaveBeenCalledWith({
      path: '/p/x.plan.json',
      rolling: true,
      balancerConf: '/lab/balancer/bin/kl_balancer.conf',
    });
  });

  it('parallel and a readiness deadline only when the engineer picks them', async () => {
    const { store, api } = await plannedStore({
      'apply.run': async () => ({ report: sampleApplyReport(), plan: samplePlan(), pinned: [], projectSaved: false }),
    });
    store.getState().setApplyMode('parallel');
    store.getState().setApplyReadyDeadlineMs(90_000);
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).toHaveBeenCalledWith({ path: '/p/x.plan.json', rolling: false, readyDeadlineMs: 90_000 });
  });

  it('refuses a readiness deadline out of bounds before calling the engine', async () => {
    const { store, api } = await plannedStore();
    for (const bad of [500, 3_600_001, Number.NaN]) {
      store.getState().setApplyReadyDeadlineMs(bad);
      store.getState().setApplyConfirmed(true);
      await store.getState().runApply();
      expect(store.getState().notice?.text).toBe(
        "The readiness deadline must be a number of seconds from 1 to 3600; clear it to use the project's.",
      );
    }
    expect(api['apply.run']).not.toHaveBeenCalled();
  });

  it('an apply that changed nothing leaves the audit current', async () => {
    const report = { ...sampleApplyReport(), changed: false };
    const { store } = await plannedStore({ 'apply.run': async () => ({ report, plan: samplePlan(), pinned: [], projectSaved: false }) });
    await store.getState().runAudit();
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(store.getState().auditStale).toBe(false);
    expect(store.getState().applyStatus).toBe('done');
  });

  it('refuses while an audit reads the same hosts', async () => {
    const { store, api } = await plannedStore();
    store.setState({ auditStatus: 'running' });
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(api['apply.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Wait for the audit to finish before applying.');
  });

  it('shows the engine error of a refused apply and withdraws the confirmation', async () => {
    const { store } = await plannedStore({
      'apply.run': async () => {
        throw new ApiError({ code: 'invalid-input', message: '/p/x.plan.json is not a valid plan' });
      },
    });
    store.getState().setApplyConfirmed(true);
    await store.getState().runApply();
    expect(store.getState().applyStatus).toBe('failed');
    expect(store.getState().applyConfirmed).toBe(false);
    expect(store.getState().notice?.text).toBe('Apply failed: /p/x.plan.json is not a valid plan');
  });
});
