// The transport of a front end that runs in the engine's own process (the CLI): calls go through dispatch() as over IPC or WebSocket.
import type { CthaBridge } from '../../shared/contract/bridge.js';
import { createBridge } from '../../shared/contract/bridge.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { OperationHandlers } from '../../shared/contract/api.js';
import type { EventHub } from './event-hub.js';

/**
 * A bridge whose calls are dispatched to the engine's handlers (validated in and out, errors as
 * envelopes, exactly as the Electron and browser transports do) and whose events are the engine's
 * EventHub. Wrap it with createClient to get the typed API.
 */
export function createInProcessBridge(engine: {
  readonly handlers: OperationHandlers;
  readonly events: Pick<EventHub, 'subscribe'>;
}): CthaBridge {
  return createBridge(
    (op, payload) => dispatch(engine.handlers, op, payload),
    (listener) => engine.events.subscribe(listener),
  );
}
