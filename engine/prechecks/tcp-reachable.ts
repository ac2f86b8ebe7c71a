import { connect } from 'node:net';

/** Whether a TCP port accepts a connection within the bound, and how long that took. */
export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean, detail: string): void => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => finish(false, `no answer from ${host}:${port} within ${timeoutMs} ms`));
    socket.once('connect', () => finish(true, `${host}:${port} accepted a TCP connection in ${Date.now() - started} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(false, `${host}:${port}: ${error.code ?? error.message}`));
  });
}
