import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { parsePort, probeTargets } from '../../renderer/probe/probe-endpoints.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';
import { sampleAuditReport } from './samples/audit-sample.js';
import { sampleProbeResult } from './samples/probe-sample.js';

const PATH = '/p/x.ctha.json';

async function openedStore(overrides: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({
    'project.open': async ({ path }) => ({ path, project: sampleProject(), sha256: 'ab' }),
    'audit.run': async () => ({ report: sampleAuditReport(), pinned: [], projectSaved: false }),
    ...overrides,
  });
  const store = createAppStore(fake.api);
  await store.getState().open(PATH);
  return { store, api: fake.api };
}

describe('probe targets', () => {
  it('use the input port the audit read, and the entered port elsewhere', () => {
    expect(probeTargets(sampleProject().instances, sampleAuditReport(), 7777)).toEqual([
      { instance: 'ct1', host: '10.0.0.11', port: 9999, source: 'audit' },
      { instance: 'ct2', host: '10.0.0.12', port: 7777, source: 'default' },
    ]);
    expect(probeTargets(sampleProject().instances, undefined, 9999).map((target) => target.source)).toEqual(['default', 'default']);
  });

  it('accept only whole ports 1-65535', () => {
    expect(parsePort(' 9999 ')).toBe(9999);
    for (const bad of ['0', '65536', '99.5', '', 'abc', '-1', '123456']) expect(parsePort(bad)).toBeUndefined();
  });
});

describe('probe slice', () => {
  it('probes every instance at its endpoint, with the indicator when one is given', async () => {
    const result = sampleProbeResult();
    const { store, api } = await openedStore({ 'probe.run': async () => result });
    await store.getState().runAudit();
    store.getState().setProbeIndicator(' 198.51.100.7 ');
    store.getState().setProbePort('9000');
    await store.getState().runProbe();
    expect(api['probe.run']).toHaveBeenCalledWith({
      path: PATH,
      port: 9000,
      indicator: '198.51.100.7',
      // With the audit's requirement 6 observation, so a rule bound to Balancer's address is "not testable from here".
      endpoints: [
        {
          instance: 'ct1',
          host: '10.0.0.11',
          port: 9999,
          reqRules: { rules: [{ source: null, type: 'CONTEXT', regex: '^(\\d+)\\s', attributes: {} }] },
        },
        { instance: 'ct2', host: '10.0.0.12', port: 9000, reqRules: { rules: [] } },
      ],
    });
    expect(store.getState().probeResult).toBe(result);
    expect(store.getState().probeStatus).toBe('done');
  });

  it('without an audit every instance gets the entered port, and no indicator is sent when blank', async () => {
    const { store, api } = await openedStore({ 'probe.run': async () => sampleProbeResult() });
    await store.getState().runProbe();
    expect(api['probe.run']).toHaveBeenCalledWith({
      path: PATH,
      port: 9999,
      endpoints: [
        { instance: 'ct1', host: '10.0.0.11', port: 9999 },
        { instance: 'ct2', host: '10.0.0.12', port: 9999 },
      ],
    });
  });

  it('refuses a bad port without calling the engine', async () => {
    const { store, api } = await openedStore();
    store.getState().setProbePort('70000');
    await store.getState().runProbe();
    expect(api['probe.run']).not.toHaveBeenCalled();
    expect(store.getState().notice?.text).toBe('Input port "70000": expected a whole number 1-65535.');
  });

  it('a probe run clears the stale mark; a failed one says why', async () => {
    let fail = false;
    const { store } = await openedStore({
      'probe.run': async () => {
        if (fail) throw new ApiError({ code: 'invalid-input', message: 'indicator: expected no control characters' });
        return sampleProbeResult();
      },
    });
    store.setState({ probeStale: true });
    await store.getState().runProbe();
    expect(store.getState().probeStale).toBe(false);
    fail = true;
    await store.getState().runProbe();
    expect(store.getState().probeStatus).toBe('failed');
    expect(store.getState().probeResult).toBeUndefined();
    expect(store.getState().notice?.text).toBe('Probe failed: indicator: expected no control characters');
  });
});
