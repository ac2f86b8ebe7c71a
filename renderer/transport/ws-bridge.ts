import type { CthaBridge } from '../../shared/contract/bridge.js';
import { createBridge } from '../../shared/contract/bridge.js';
import type { Envelope } from '../../shared/contract/envelope.js';
import type { WireCall } from '../../shared/contract/wire.js';
import { WireServerMessageSchema, WS_PATH } from '../../shared/contract/wire.js';

/**
 * The browser-mode bridge: the same operations as the Electron preload, carried over a WebSocket to
 * `ctha ui` on the page's own origin. The server checks the token cookie, Origin and Host.
 */
export function createWsBridge(location: Pick<Location, 'host' | 'protocol'>): CthaBridge {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Set<(event: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let opened: Promise<WebSocket> | undefined;

  const failAll = (message: string): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'io', message } });
    pending.clear();
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${scheme}//${location.host}${WS_PATH}`);
      ws.addEventListener('open', () => {
        socket = ws;
        resolve(ws);
      });
      ws.addEventListener('message', (message) => {
        const parsed = WireServerMessageSchema.safeParse(safeJson(message.data));
        if (!parsed.success) return;
        if (parsed.data.type === 'event') {
          for (const listener of listeners) listener(parsed.data.event);
          return;
        }
        const resolveCall = pending.get(parsed.data.id);
        pending.delete(parsed.data.id);
        resolveCall?.(parsed.data.envelope as Envelope<unknown>);
      });
      ws.addEventListener('close', () => {
        socket = undefined;
        opened = undefined;
        failAll('the connection to ctha ui closed; is the server still running?');
        reject(new Error('connection closed'));
      });
    });
    return opened;
  };

  return createBridge(
    async (op, payload) => {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return { ok: false, error: { code: 'io', message: 'cannot reach ctha ui; restart it and open the URL it prints' } };
      }
      const id = nextId++;
      const call: WireCall = { type: 'call', id, op, payload };
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify(call));
      });
    },
    (listener) => {
      listeners.add(listener);
      connect().catch(() => undefined);
      return () => listeners.delete(listener);
    },
  );
}

function safeJson(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
