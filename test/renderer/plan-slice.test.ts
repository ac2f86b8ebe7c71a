import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { planFilePath } from '../../renderer/store/plan-file-path.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { samplePlan } from './samples/plan-sample.js';

const PATH = '/p/x.ctha.json';

async function openedStore(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({ 'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }), ...overrides });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  return { store, api: fake.api };
}

describe('plan file path', () => {
  it('puts the plan beside the project, named after it', () => {
    expect(planFilePath('/p/customer.ctha.json')).toBe('/p/customer.plan.json');
    expect(planFilePath('C:\\clusters\\a.ctha.json')).toBe('C:\\clusters\\a.plan.json');
    expect(planFilePath('/p/odd.json')).toBe('/p/odd.json.plan.json');
  });
});

describe('plan slice', () => {
  it('plans every requirement by default and saves the plan beside the project', async () => {
    const plan = samplePlan();
    const { store, api } = await openedStore({
      'plan.create': async ({ out }) => ({ plan, savedTo: out, pinned: [], projectSaved: false }),
    });
    await store.getState().createPlan();
    expect(api['plan.create']).toHaveBeenCalledWith({ path: PATH, out: '/p/x.plan.json' });
    expect(store.getState().plan).toBe(plan);
    expect(store.getState().planPath).toBe('/p/x.plan.json');
    expect(store.getState().planStatus).toBe('done');
  });

  it('names a subset in catalogue order whatever the order of the clicks', async () => {
    const { store, api } = await openedStore({
      'plan.create': async ({ out }) => ({ plan: samplePlan(), savedTo: out, pinned: [], projectSaved: false }),
    });
    for (const id of ['req1', 'req2', 'req3', 'req4', 'req5', 'req6', 'req7', 'req8', 'alerts'] as const)
      store.getState().togglePlanRequirement(id, false);
    store.getState().togglePlanRequirement('req8', true);
    store.getState().togglePlanRequirement('req1', true);
    store.getState().togglePlanRequirement('req6', true);
    expect(store.getState().planRequirements).toEqual(['req1', 'req6', 'req8']);
    await store.getState().createPlan();
    expect(api['plan.create']).toHaveBeenCalledWith({ path: PATH, requirements: ['req1', 'req6', 'req8'], out: '/p/x.plan.json' });
  });

  it('refuses an empty choice and an unsaved project without calling the engine', async () => {
    const { store, api } = await openedStore();
    for (const id of store.getState().planRequirements) store.getState().togglePlanRequirement(id, false);
    await store.getState().createPlan();
    expect(store.getState().notice?.text).toBe('Choose at least one requirement to plan.');
    store.getState().togglePlanRequirement('req8', true);
    store.getState().updateReqRule('REQ2');
    await store.getState().createPlan();
    expect(store.getState().notice?.text).toBe('Save the project first: the plan is made on the saved project file.');
    expect(api['plan.create']).not.toHaveBeenCalled();
  });

  it('a new plan withdraws the confirmation given for the previous one; a failed plan leaves nothing to apply', async () => {
    let fail = false;
    const { store } = await openedStore({
      'plan.create': async ({ out }) => {
        if (fail)
          throw new ApiError({
            code: 'io',
            message: 'the reference instance ct1 could not be read (timeout); nothing can be planned without it',
          });
        return { plan: samplePlan(), savedTo: out, pinned: [], projectSaved: false };
      },
    });
    await store.getState().createPlan();
    store.getState().setApplyConfirmed(true);
    await store.getState().createPlan();
    expect(store.getState().applyConfirmed).toBe(false);
    store.getState().setApplyConfirmed(true);
    fail = true;
    await store.getState().createPlan();
    expect(store.getState().planStatus).toBe('failed');
    expect(store.getState().plan).toBeUndefined();
    expect(store.getState().planPath).toBeUndefined();
    expect(store.getState().applyConfirmed).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Plan failed: the reference instance ct1 could not be read (timeout); nothing can be planned without it',
    );
  });

  it("passes the audit step's kl_balancer.conf along", async () => {
    const { store, api } = await openedStore({
      'plan.create': async ({ out }) => ({ plan: samplePlan(), savedTo: out, pinned: [], projectSaved: false }),
    });
    store.getState().setBalancerConf('/etc/kl_balancer.conf');
    await store.getState().createPlan();
    expect(api['plan.create']).toHaveBeenCalledWith({ path: PATH, out: '/p/x.plan.json', balancerConf: '/etc/kl_balancer.conf' });
  });

  it("asks for the Balancer's stale stored certificates only when the engineer ticks it", async () => {
    const { store, api } = await openedStore({
      'plan.create': async ({ out }) => ({ plan: samplePlan(), savedTo: out, pinned: [], projectSaved: false }),
    });
    expect(store.getState().planReplaceStaleBalancerCerts).toBe(false);
    store.getState().setPlanReplaceStaleBalancerCerts(true);
    await store.getState().createPlan();
    expect(api['plan.create']).toHaveBeenCalledWith({ path: PATH, out: '/p/x.plan.json', replaceStaleBalancerCerts: true });
  });
});
