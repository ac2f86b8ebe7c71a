// The documented health check (REFERENCE.md 1.9): "X-KF-ReplyBackPING" as the first message, "PONG" means ready.
import { connect } from 'node:net';

const PING = 'X-KF-ReplyBackPING\n';

/** Why a health check failed: refused (nothing listens), timeout, closed without PONG, an unexpected answer, another socket error. */
export type PingFailure = 'refused' | 'timeout' | 'closed' | 'unexpected' | 'error';

/** What one health check saw. */
export interface PingResult {
  readonly ok: boolean;
  /** Round trip from connect to PONG, or to the failure. */
  readonly ms: number;
  /** Why it failed (refused, timeout, closed, an unexpected answer); undefined when ok. */
  readonly reason?: string;
  /** The kind of failure, for callers that branch on it; undefined when ok. */
  readonly failure?: PingFailure;
}

/** Sends one ReplyBack PING to host:port; never rejects, always settles within timeoutMs. */
export function pingReplyBack(host: string, port: number, timeoutMs: number): Promise<PingResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const socket = connect({ host, port });
    const finish = (failed?: { failure: PingFailure; reason: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const ms = Math.round(performance.now() - started);
      resolve(failed === undefined ? { ok: true, ms } : { ok: false, ms, ...failed });
    };
    const timer = setTimeout(
      () => finish({ failure: 'timeout', reason: `no PONG from ${host}:${port} within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(PING));
    socket.on('data', (chunk: string) => {
      // Bounded: only the first bytes matter.
      answer = (answer + chunk).slice(0, 64);
      if (answer.startsWith('PONG')) finish();
      else if (answer.length >= 4 && !'PONG'.startsWith(answer.slice(0, 4))) {
        finish({ failure: 'unexpected', reason: `unexpected answer ${JSON.stringify(answer.slice(0, 40))} from ${host}:${port}` });
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish({ failure: error.code === 'ECONNREFUSED' ? 'refused' : 'error', reason: `${host}:${port}: ${error.code ?? error.message}` }),
    );
    socket.once('close', () =>
      finish(answer.startsWith('PONG') ? undefined : { failure: 'closed', reason: `${host}:${port} closed the connection without PONG` }),
    );
  });
}

/** Pings until PONG or the deadline; resolves with the last result (ok: false with the last reason on timeout). */
export async function waitUntilReady(host: string, port: number, deadlineMs: number, intervalMs = 250): Promise<PingResult> {
  const until = performance.now() + deadlineMs;
  let last: PingResult = { ok: false, ms: 0, reason: 'not tried', failure: 'timeout' };
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const left = until - performance.now();
    if (left <= 0) break;
    last = await pingReplyBack(host, port, Math.min(left, 5_000));
    if (last.ok) return last;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, until - performance.now()))));
  }
  return { ...last, ok: false, reason: `not ready within ${deadlineMs} ms: ${last.reason ?? 'no answer'}` };
}
