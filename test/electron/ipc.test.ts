import { describe, expect, it, vi } from 'vitest';
import type { OperationHandlers } from '../../shared/contract/api.js';
import type { EngineEvent } from '../../shared/contract/events.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../electron/channels.js';
import type { IpcMainLike, WebContentsLike } from '../../electron/ipc.js';
import { setupIpc } from '../../electron/ipc.js';
import type { InvokeSender } from '../../electron/sender.js';
import { rejectingHandlers } from '../shared/rejecting-handlers.js';

type Listener = (event: InvokeSender, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void listeners.set(channel, listener),
    removeHandler: (channel) => void listeners.delete(channel),
  };
  const invoke = (event: InvokeSender, op: unknown, payload: unknown) => {
    const listener = listeners.get(INVOKE_CHANNEL);
    if (!listener) throw new Error('no handler registered');
    return listener(event, op, payload);
  };
  return { ipcMain, listeners, invoke };
}

function spyHandlers() {
  return {
    ...rejectingHandlers(),
    'app.info': vi.fn(async () => ({ name: 'x', version: '0.1.0', frontEnd: 'electron' as const })),
    'project.validate': vi.fn(async () => ({ ok: false as const, issues: [] })),
    'project.open': vi.fn(async () => {
      throw new Error('not in this test');
    }),
    'project.save': vi.fn(async () => ({ path: '/p.json', sha256: 'ab', bytes: 2 })),
    'prechecks.run': vi.fn(async () => ({ results: [], pinned: [], projectSaved: false })),
    'prompt.answer': vi.fn(async () => ({ accepted: true })),
  } satisfies OperationHandlers;
}

interface FakeContents extends WebContentsLike {
  url: string;
  destroyed: boolean;
  readonly sent: unknown[][];
  destroy(): void;
}

function fakeContents(id: number, url = 'app://ctha/index.html'): FakeContents {
  let onDestroyed = (): void => undefined;
  const contents: FakeContents = {
    id,
    url,
    destroyed: false,
    sent: [],
    send: (channel, ...args) => void contents.sent.push([channel, ...args]),
    getURL: () => contents.url,
    isDestroyed: () => contents.destroyed,
    once: (_event, listener) => void (onDestroyed = listener),
    destroy: () => {
      contents.destroyed = true;
      onDestroyed();
    },
  };
  return contents;
}

function fakeEvents() {
  const listeners = new Set<(event: EngineEvent) => void>();
  return {
    subscribe: (listener: (event: EngineEvent) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (event: EngineEvent) => listeners.forEach((listener) => listener(event)),
    size: () => listeners.size,
  };
}

const fromApp = (id: number) => ({ sender: { id }, senderFrame: { url: 'app://ctha/index.html' } });
const log: EngineEvent = { name: 'log', payload: { level: 'info', message: 'hi', time: '2025-01-01T00:00:00Z' } };

describe('setupIpc', () => {
  it('registers one handler, on one channel', () => {
    const { ipcMain, listeners } = fakeIpcMain();
    setupIpc(ipcMain, spyHandlers(), fakeEvents());
    expect([...listeners.keys()]).toEqual([INVOKE_CHANNEL]);
  });

  it('refuses a sender it did not attach, before any handler runs', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const handlers = spyHandlers();
    setupIpc(ipcMain, handlers, fakeEvents()).attach(fakeContents(1));
    await expect(invoke(fromApp(2), 'app.info', {})).rejects.toThrow('unknown sender');
    await expect(invoke({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, 'app.info', {})).rejects.toThrow();
    expect(handlers['app.info']).not.toHaveBeenCalled();
  });

  it('never passes an invalid payload or an unknown operation to the engine', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const handlers = spyHandlers();
    setupIpc(ipcMain, handlers, fakeEvents()).attach(fakeContents(1));
    const invalid = await invoke(fromApp(1), 'project.save', { path: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await invoke(fromApp(1), 'shell.exec', { command: 'rm -rf /' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    expect(handlers['project.save']).not.toHaveBeenCalled();
  });

  it('dispatches a valid call from an attached window', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const handlers = spyHandlers();
    setupIpc(ipcMain, handlers, fakeEvents()).attach(fakeContents(1));
    const reply = await invoke(fromApp(1), 'app.info', {});
    expect(reply).toEqual({ ok: true, value: { name: 'x', version: '0.1.0', frontEnd: 'electron' } });
    expect(handlers['app.info']).toHaveBeenCalledOnce();
  });

  it('forgets a window once it is destroyed', async () => {
    const { ipcMain, invoke } = fakeIpcMain();
    const contents = fakeContents(1);
    setupIpc(ipcMain, spyHandlers(), fakeEvents()).attach(contents);
    contents.destroy();
    await expect(invoke(fromApp(1), 'app.info', {})).rejects.toThrow('unknown sender');
  });

  it('forwards engine events only to attached windows that still show our page', () => {
    const { ipcMain } = fakeIpcMain();
    const events = fakeEvents();
    const ipc = setupIpc(ipcMain, spyHandlers(), events);
    const ours = fakeContents(1);
    const wandered = fakeContents(2, 'https://evil.example/');
    const stranger = fakeContents(3);
    ipc.attach(ours);
    ipc.attach(wandered);
    events.emit(log);
    expect(ours.sent).toEqual([[EVENT_CHANNEL, log]]);
    expect(wandered.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);
  });

  it('dispose removes the handler and the event subscription', () => {
    const { ipcMain, listeners } = fakeIpcMain();
    const events = fakeEvents();
    setupIpc(ipcMain, spyHandlers(), events).dispose();
    expect(listeners.size).toBe(0);
    expect(events.size()).toBe(0);
  });
});
