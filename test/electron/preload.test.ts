// Runs electron/preload.ts in Node against the recording stand-in: what reaches the page is one object of functions.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { OPERATION_NAMES } from '../../shared/contract/operation-names.js';
import type { FakeElectron } from './fake-electron.js';
import { createFakeElectron } from './fake-electron.js';

let fake: FakeElectron;
let bridge: Record<string, (...args: unknown[]) => unknown>;

beforeAll(async () => {
  fake = createFakeElectron({ isPackaged: true });
  vi.doMock('electron', () => fake.module);
  await import('../../electron/preload.js');
  const exposed = fake.calls.filter(([name]) => name === 'contextBridge.exposeInMainWorld');
  expect(exposed).toHaveLength(1);
  expect(exposed[0]?.[1]).toBe('ctha');
  bridge = exposed[0]?.[2] as typeof bridge;
});

describe('electron/preload.ts (stand-in electron module)', () => {
  it('exposes exactly one method per operation plus onEvent, all plain functions, no ipcRenderer', () => {
    expect(Object.keys(bridge).sort()).toEqual([...OPERATION_NAMES, 'onEvent'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.values(bridge)).not.toContain(fake.module.ipcRenderer);
  });

  it('sends a call on ctha:invoke as (op, payload), nothing else', async () => {
    await bridge['app.info']!({ probe: 1 });
    expect(fake.calls.filter(([name]) => name === 'ipcRenderer.invoke')).toEqual([
      ['ipcRenderer.invoke', 'ctha:invoke', 'app.info', { probe: 1 }],
    ]);
  });

  it('hands event listeners the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.onEvent!((...args: unknown[]) => received.push(args)) as () => void;
    const [forward] = fake.rendererListeners.get('ctha:event') ?? [];
    forward?.({ sender: 'the ipcRenderer handle' } as never, { kind: 'progress' } as never);
    expect(received).toEqual([[{ kind: 'progress' }]]);
    unsubscribe();
    expect(fake.rendererListeners.get('ctha:event')).toEqual([]);
  });
});
