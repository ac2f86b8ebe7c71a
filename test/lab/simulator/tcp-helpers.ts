import { connect, createServer, type Socket } from 'node:net';

/** Lines received, with a bounded wait for more. */
export interface LineCollector {
  readonly lines: string[];
  /** Resolves with the lines once there are at least `count`; rejects after `timeoutMs`. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
}

/** A line store that sockets feed and tests wait on. */
function lineBox(): LineCollector & { feed(socket: Socket): void } {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  return {
    lines,
    feed(socket) {
      let pending = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        const parts = (pending + chunk).split('\n');
        pending = parts.pop() ?? '';
        lines.push(...parts);
        for (const wake of waiters) wake();
      });
    },
    waitForLines: (count, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (lines.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(lines.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} line(s) within ${timeoutMs} ms, got ${JSON.stringify(lines)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** A client connection to the service under test. */
export interface TestClient extends LineCollector {
  readonly socket: Socket;
  send(text: string): void;
  /** Resolves true when the service closes the connection, false after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<boolean>;
}

/** Connects to host:port, optionally from a chosen loopback address. */
export function connectClient(host: string, port: number, localAddress?: string): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress });
    const box = lineBox();
    box.feed(socket);
    let isClosed = false;
    socket.once('close', () => (isClosed = true));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.on('error', () => undefined);
      resolve({
        lines: box.lines,
        waitForLines: box.waitForLines,
        socket,
        send: (text) => void socket.write(text),
        closed: (timeoutMs = 3000) =>
          isClosed
            ? Promise.resolve(true)
            : new Promise((done) => {
                const timer = setTimeout(() => done(false), timeoutMs);
                socket.once('close', () => {
                  clearTimeout(timer);
                  done(true);
                });
              }),
      });
    });
  });
}

/** A TCP listener standing in for a SIEM or the Balancer's alert port. */
export interface Receiver extends LineCollector {
  readonly port: number;
  /** Peer addresses of the connections received, in order. */
  readonly peers: string[];
  close(): Promise<void>;
}

/** Listens on host, port 0, and collects every line from every connection. */
export async function startReceiver(host = '127.0.0.1'): Promise<Receiver> {
  const box = lineBox();
  const peers: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    peers.push(socket.remoteAddress ?? '');
    box.feed(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    peers,
    lines: box.lines,
    waitForLines: box.waitForLines,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
