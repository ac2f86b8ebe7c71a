import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract/errors.js';
import { createAppStore } from '../../renderer/store/create-app-store.js';
import { fakeApi, sampleProject } from './fake-api.js';

const info = { name: 'CyberTrace HA Wizard', version: '0.1.0', frontEnd: 'browser' as const };

describe('app slice', () => {
  it('start reads app.info and opens the project the engine was started with', async () => {
    const path = '/srv/demo.ctha.json';
    const { api } = fakeApi({
      'app.info': async () => ({ ...info, initialProjectPath: path }),
      'project.open': async () => ({ path, project: sampleProject(), sha256: '00'.repeat(32) }),
    });
    const store = createAppStore(api);
    await store.getState().start();
    expect(store.getState().info?.version).toBe('0.1.0');
    expect(api['project.open']).toHaveBeenCalledWith({ path });
    expect(store.getState().draft?.name).toBe('Customer cluster');
  });

  it('start without an initial project opens nothing', async () => {
    const { api } = fakeApi({ 'app.info': async () => info });
    const store = createAppStore(api);
    await store.getState().start();
    expect(api['project.open']).not.toHaveBeenCalled();
    expect(store.getState().draft).toBeUndefined();
  });

  it('start reports an unreachable engine', async () => {
    const { api } = fakeApi({
      'app.info': async () => {
        throw new ApiError({ code: 'io', message: 'cannot reach ctha ui' });
      },
    });
    const store = createAppStore(api);
    await store.getState().start();
    expect(store.getState().notice).toEqual({ kind: 'error', text: 'Cannot reach the engine: cannot reach ctha ui' });
  });
});

describe('prompt slice', () => {
  const prompt = { kind: 'password' as const, promptId: 'p1', instance: 'ct1', user: 'admin', host: '10.0.0.11', purpose: 'sudo' as const };

  it('queues prompts and drops them when the engine closes them', () => {
    const fake = fakeApi();
    const store = createAppStore(fake.api);
    const stop = store.getState().listenForPrompts();
    fake.emit({ name: 'prompt', payload: prompt });
    expect(store.getState().prompts).toEqual([prompt]);
    fake.emit({ name: 'prompt.closed', payload: { promptId: 'p1', reason: 'timeout' } });
    expect(store.getState().prompts).toEqual([]);
    stop();
    expect(fake.listeners.size).toBe(0);
  });

  it('answers through the api and keeps no secret in state', async () => {
    const fake = fakeApi({ 'prompt.answer': async () => ({ accepted: true }) });
    const store = createAppStore(fake.api);
    store.getState().listenForPrompts();
    fake.emit({ name: 'prompt', payload: prompt });
    await store.getState().answerPrompt('p1', { kind: 'password', secret: 's3cret' });
    expect(fake.api['prompt.answer']).toHaveBeenCalledWith({ promptId: 'p1', answer: { kind: 'password', secret: 's3cret' } });
    expect(store.getState().prompts).toEqual([]);
    expect(JSON.stringify(store.getState())).not.toContain('s3cret');
  });
});
