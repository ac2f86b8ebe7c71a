import { connect } from 'node:net';

// The health check of REFERENCE.md 1.9; LF-terminated, which a line-based service needs and the
// simulator does not (it recognises the token with or without LF).
const PING = 'X-KF-ReplyBackPING\n';
const RETRY_MS = 100;

/**
 * Polls `address:port` with `X-KF-ReplyBackPING` until an answer starts with `PONG`; resolves true
 * then, or false once `deadlineMs` (a time budget from now, in milliseconds) has passed. A refused
 * connection is retried; an accepted one is given the rest of the budget, because a service that is
 * still loading feeds holds connections and answers once ready.
 */
export async function waitForPong(address: string, port: number, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const remaining = end - Date.now();
    if (remaining <= 0) return false;
    if (await pingOnce(address, port, remaining)) return true;
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MS, Math.max(0, end - Date.now()))));
  }
}

function pingOnce(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let answer = '';
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write(PING));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.startsWith('PONG')) finish(true);
      else if (answer.length >= 4) finish(false);
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(answer.startsWith('PONG')));
  });
}
