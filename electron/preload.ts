// Runs sandboxed before the page: exposes `window.ctha`, one method per operation plus onEvent, and nothing else.
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { Subscribe } from '../shared/contract/bridge.js';
import { createBridge } from '../shared/contract/bridge.js';
import type { Envelope } from '../shared/contract/envelope.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';

// Main validates op and payload (dispatch) and the renderer validates the envelope (createClient).
const invoke = (op: string, payload: unknown): Promise<Envelope<unknown>> =>
  ipcRenderer.invoke(INVOKE_CHANNEL, op, payload) as Promise<Envelope<unknown>>;

const subscribe: Subscribe = (listener) => {
  // Only the payload crosses: the IpcRendererEvent would hand the page a handle on ipcRenderer.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
};

contextBridge.exposeInMainWorld('ctha', createBridge(invoke, subscribe));
