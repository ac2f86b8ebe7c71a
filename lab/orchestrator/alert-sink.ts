import { appendFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { createServer } from 'node:net';

/** The Balancer's service-alert port: collects the instances' KL_ALERT_* events into a log file. */
export interface AlertSink {
  close(): Promise<void>;
}

/** Listens on the Balancer's `cybertrace_port` and appends every received line, with its sender, to logPath. */
export async function startAlertSink(address: string, port: number, logPath: string): Promise<AlertSink> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      pending += chunk;
      // Bounded: a peer that never sends a newline cannot grow this without limit.
      if (pending.length > 65_536) socket.destroy();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const text = lines.map((line) => `${new Date().toISOString()} ${socket.remoteAddress ?? '?'} ${line.replace(/\r$/, '')}\n`).join('');
      if (text !== '') void appendFile(logPath, text).catch(() => undefined);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
