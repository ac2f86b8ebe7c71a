// The spot-check in the store over a fake engine: runs on the saved file only, keeps the result, refuses to attach
// what is not consistent, and attaches a consistent one to requirement 3's attestations through project.attest.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import type { Project } from '../../shared/project/schema.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { evidenceFor } from '../../renderer/store/spotcheck-slice.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { differingIndicator, sampleSpotCheck } from './spotcheck-sample.js';

const PATH = '/p/x.ctha.json';
const REQUEST = { indicators: ['http://bad.example/x', '198.51.100.7'], user: 'admin', port: 9443, apiVersion: '1.2' as const };
const attestation = {
  requirement: 'req3' as const,
  instance: 'ct2',
  note: 'lists compared by hand',
  engineer: 'E',
  date: '2026-12-07T13:05:00.000Z',
};

async function openedStore(spotCheck: () => Promise<ReturnType<typeof sampleSpotCheck>>, attestations: Project['attestations'] = []) {
  let project: Project = { ...sampleProject(), attestations };
  const fake = fakeApi({
    'project.open': async ({ path }) => ({ path, project, sha256: 'sha-0' }),
    'indicators.spotCheck': spotCheck,
    'project.attest': async ({ attestation: entry }) => {
      const others = project.attestations.filter((a) => a.requirement !== entry.requirement || a.instance !== entry.instance);
      project = { ...project, attestations: [...others, { ...entry }] };
      return { path: PATH, project, sha256: 'sha-1' };
    },
  });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  return { store, api: fake.api };
}

describe('spot-check slice', () => {
  it('runs indicators.spotCheck on the saved file: running, then done with the result and its evidence', async () => {
    let release: () => void = () => undefined;
    const { store, api } = await openedStore(() => new Promise((resolve) => (release = () => resolve(sampleSpotCheck()))));
    const running = store.getState().runSpotCheck(REQUEST);
    expect(store.getState().spotCheck).toEqual({ status: 'running', path: PATH, port: 9443, indicators: 2 });
    release();
    await running;
    expect(api['indicators.spotCheck']).toHaveBeenCalledWith({ path: PATH, ...REQUEST });
    const run = store.getState().spotCheck;
    expect(run?.status).toBe('done');
    expect(run?.result?.outcome).toBe('consistent');
    expect(run?.evidence).toMatchObject({ indicators: 2, instances: ['ct1', 'ct2'], consistent: true });
    expect(evidenceFor(store.getState(), 'req3', 'ct2')).toBe(run?.evidence);
    expect(evidenceFor(store.getState(), 'req4', 'ct2')).toBeUndefined();
  });

  it("a cancelled prompt or an engine refusal: failed with the engine's reason", async () => {
    const { store } = await openedStore(async () => {
      throw new ApiError({ code: 'cancelled', message: 'the REST password prompt was cancelled' });
    });
    await store.getState().runSpotCheck(REQUEST);
    expect(store.getState().spotCheck).toMatchObject({
      status: 'failed',
      error: 'The spot-check did not run to the end: the REST password prompt was cancelled',
    });
  });

  it('unsaved edits: refused before anything is sent', async () => {
    const { store, api } = await openedStore(async () => sampleSpotCheck());
    store.setState({ dirty: true });
    await store.getState().runSpotCheck(REQUEST);
    expect(api['indicators.spotCheck']).not.toHaveBeenCalled();
    expect(store.getState().spotCheck).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Save the project first/) });
  });

  it('attach: onto every req3 attestation of a checked instance, saved through project.attest', async () => {
    const other = { ...attestation, requirement: 'req4' as const };
    const { store, api } = await openedStore(async () => sampleSpotCheck(), [attestation, other]);
    await store.getState().runSpotCheck(REQUEST);
    const evidence = store.getState().spotCheck?.evidence;
    await expect(store.getState().attachSpotCheck()).resolves.toEqual({ ok: true, attached: ['ct2'] });
    expect(api['project.attest']).toHaveBeenCalledTimes(1);
    expect(api['project.attest']).toHaveBeenCalledWith({ path: PATH, attestation: { ...attestation, spotCheck: evidence } });
    expect(store.getState().draft?.attestations.find((entry) => entry.requirement === 'req3')?.spotCheck).toEqual(evidence);
  });

  it('attach refused: nothing to attach to, an inconsistent result, another file; nothing written', async () => {
    const none = await openedStore(async () => sampleSpotCheck());
    await expect(none.store.getState().attachSpotCheck()).resolves.toEqual({ ok: false, message: 'Run a spot-check first.' });
    await none.store.getState().runSpotCheck(REQUEST);
    await expect(none.store.getState().attachSpotCheck()).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/^No attestation of requirement 3/),
    });
    const differs = await openedStore(
      async () =>
        sampleSpotCheck({
          outcome: 'inconsistent',
          indicators: [differingIndicator('x')],
        }),
      [attestation],
    );
    await differs.store.getState().runSpotCheck(REQUEST);
    expect(differs.store.getState().spotCheck?.evidence).toBeUndefined();
    expect(evidenceFor(differs.store.getState(), 'req3', 'ct2')).toBeUndefined();
    await expect(differs.store.getState().attachSpotCheck()).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/^It cannot be attached: the instances answered 1 indicator/),
    });
    const moved = await openedStore(async () => sampleSpotCheck(), [attestation]);
    await moved.store.getState().runSpotCheck(REQUEST);
    moved.store.setState({ path: '/p/other.ctha.json' });
    expect(evidenceFor(moved.store.getState(), 'req3', 'ct2')).toBeUndefined();
    await expect(moved.store.getState().attachSpotCheck()).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/another project file/),
    });
    for (const api of [none.api, differs.api, moved.api]) expect(api['project.attest']).not.toHaveBeenCalled();
  });
});
