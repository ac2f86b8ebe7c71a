import { connect, type Socket } from 'node:net';
import type { ConnectionTarget } from './connection-string.js';
import type { SimLog } from './sim-log.js';

/** Sends result lines outside ReplyBack: to OutputSettings/ConnectionString, over one TCP connection. */
export interface OutputForwarder {
  send(lines: readonly string[]): void;
  close(): void;
}

// Bounds: what may wait while connecting, and what may sit unsent in a slow receiver's socket.
const MAX_BUFFERED_BYTES = 1024 * 1024;
const CONNECT_TIMEOUT_MS = 2000;
// After a failure, events are dropped for this long instead of reconnecting once per event.
const RETRY_AFTER_MS = 1000;

/**
 * Connects on first use and keeps the connection. When the receiver is unreachable the lines are
 * dropped and the drop is logged (with a count), as the brief for a lab host asks; nothing queues.
 */
export function createOutputForwarder(target: ConnectionTarget, log: SimLog, localAddress?: string): OutputForwarder {
  let socket: Socket | undefined;
  let connected = false;
  let queued: string[] = [];
  let queuedLines = 0;
  let queuedBytes = 0;
  let retryAt = 0;
  let dropped = 0;
  let closed = false;
  const where = target.kind === 'tcp' ? `${target.host}:${target.port}` : `\\\\.\\pipe\\${target.name}`;

  const fail = (reason: string): void => {
    dropped += queuedLines;
    log.warn(`output ${where}: ${reason}; dropped ${dropped} result line(s) so far, retrying in ${RETRY_AFTER_MS} ms`);
    queued = [];
    queuedLines = 0;
    queuedBytes = 0;
    socket?.destroy();
    socket = undefined;
    connected = false;
    retryAt = Date.now() + RETRY_AFTER_MS;
  };

  const open = (): void => {
    if (target.kind !== 'tcp') return;
    const next = connect({ host: target.host, port: target.port, localAddress });
    socket = next;
    next.setTimeout(CONNECT_TIMEOUT_MS, () => next === socket && !connected && fail('connect timed out'));
    next.once('connect', () => {
      connected = true;
      next.setTimeout(0);
      if (dropped > 0) log.info(`output ${where}: connected again after dropping ${dropped} result line(s)`);
      dropped = 0;
      next.write(queued.join(''));
      queued = [];
      queuedLines = 0;
      queuedBytes = 0;
    });
    next.on('error', (error: NodeJS.ErrnoException) => next === socket && fail(error.code ?? error.message));
    next.once('close', () => next === socket && !closed && fail('connection closed'));
    // The receiver has nothing to say; its bytes are read and discarded so it never blocks.
    next.on('data', () => undefined);
  };

  return {
    send(lines) {
      if (closed || lines.length === 0) return;
      if (target.kind === 'pipe' || Date.now() < retryAt) {
        dropped += lines.length;
        return;
      }
      const data = lines.map((line) => `${line}\n`).join('');
      if (connected && socket !== undefined) {
        if (socket.writableLength > MAX_BUFFERED_BYTES) dropped += lines.length;
        else socket.write(data);
        return;
      }
      if (queuedBytes + data.length > MAX_BUFFERED_BYTES) {
        dropped += lines.length;
        return;
      }
      queued.push(data);
      queuedLines += lines.length;
      queuedBytes += data.length;
      if (socket === undefined) open();
    },
    close() {
      closed = true;
      const last = socket;
      socket = undefined;
      last?.destroySoon();
      // destroySoon waits for the flush; a receiver that never reads would hold it forever.
      if (last !== undefined) setTimeout(() => last.destroy(), 1000).unref();
    },
  };
}
