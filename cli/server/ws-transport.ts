import type { WebSocket } from 'ws';
import { dispatch } from '../../shared/contract/dispatch.js';
import type { WireServerMessage } from '../../shared/contract/wire.js';
import { WireCallSchema } from '../../shared/contract/wire.js';
import type { Engine } from '../../engine/api/create-engine.js';

/** Serves the contract on one accepted WebSocket: calls go through the shared dispatch, events are pushed. */
export function serveContract(socket: WebSocket, engine: Engine): void {
  const send = (message: WireServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = engine.events.subscribe((event) => send({ type: 'event', event }));
  socket.on('close', unsubscribe);
  socket.on('message', (data, isBinary) => {
    const call = isBinary ? undefined : WireCallSchema.safeParse(parseJson(data.toString()));
    if (!call?.success) {
      // A peer that cannot speak the protocol gets no second chance.
      socket.close(1003, 'malformed call');
      return;
    }
    const { id, op, payload } = call.data;
    void dispatch(engine.handlers, op, payload).then((envelope) => send({ type: 'result', id, envelope }));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
