import { connect } from 'node:net';
import type { Endpoint } from './connection-string.js';

/** Options for a one-shot send. */
export interface SendOnceOptions {
  readonly timeoutMs: number;
  /** Source address, so the receiver sees the lab host's own 127.0.0.x as the peer. */
  readonly localAddress?: string;
}

/**
 * Opens a TCP connection, writes the lines (each ending in LF), closes, and resolves with an
 * error message or undefined. Never rejects, never takes longer than the timeout: service alerts
 * are best effort, and a dead receiver must not hold up start or stop.
 */
export function sendOnce(target: Endpoint, lines: readonly string[], options: SendOnceOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port, localAddress: options.localAddress });
    let outcome: string | undefined;
    const timer = setTimeout(() => {
      outcome ??= `no answer from ${target.host}:${target.port} within ${options.timeoutMs} ms`;
      socket.destroy();
    }, options.timeoutMs);
    socket.once('connect', () => socket.end(lines.map((line) => `${line}\n`).join('')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      outcome ??= `${target.host}:${target.port}: ${error.code ?? error.message}`;
    });
    // The receiver may keep its side open; finishing our write is enough.
    socket.once('finish', () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
  });
}
