import type { OperationHandlers } from '../shared/contract/api.js';
import { dispatch } from '../shared/contract/dispatch.js';
import type { Envelope } from '../shared/contract/envelope.js';
import type { EngineEvent } from '../shared/contract/events.js';
import { isAppUrl } from './app-url.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';
import type { InvokeSender } from './sender.js';
import { isTrustedSender } from './sender.js';

/** The part of Electron's ipcMain the registrar uses, so tests can hand it a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeSender, ...args: unknown[]) => Promise<Envelope<unknown>>): void;
  removeHandler(channel: string): void;
}

/** The part of a WebContents the registrar uses. */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Where engine events come from (the engine's EventHub). */
export interface EventSource {
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/** The registrar: windows are attached to it as they are created, and only those may call the engine. */
export interface IpcRegistrar {
  /** Trusts one webContents this process created, until it is destroyed, and sends it engine events. */
  attach(contents: WebContentsLike): void;
  /** Removes the handler and stops forwarding events. */
  dispose(): void;
}

/**
 * Registers the single IPC entry point: refuses callers it did not attach or whose frame is not on
 * app://ctha/, then hands (op, payload) to the shared dispatch(), which validates both before any handler.
 */
export function setupIpc(ipcMain: IpcMainLike, handlers: OperationHandlers, events: EventSource): IpcRegistrar {
  const windows = new Map<number, WebContentsLike>();
  ipcMain.handle(INVOKE_CHANNEL, async (event, op, payload) => {
    // Throwing (not an envelope) tells a foreign caller nothing about the contract.
    if (!isTrustedSender(event, windows)) throw new Error('call refused: unknown sender');
    return dispatch(handlers, op, payload);
  });
  const unsubscribe = events.subscribe((event) => {
    for (const contents of windows.values()) {
      // Prompts name hosts and users: never push them to a page that is not ours.
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, event);
    }
  });
  return {
    attach(contents) {
      windows.set(contents.id, contents);
      contents.once('destroyed', () => windows.delete(contents.id));
    },
    dispose() {
      ipcMain.removeHandler(INVOKE_CHANNEL);
      unsubscribe();
      windows.clear();
    },
  };
}
