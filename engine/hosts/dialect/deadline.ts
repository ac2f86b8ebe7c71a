// A bound around a whole session exec. The session bounds a command only once its channel is open;
// a host that stops answering before confirming the channel would hold the caller until keepalive
// gives up (30 s by default). The host layer promises its own bound, so it adds this one.
import { HostError } from './errors.js';

/** Extra time after the operation's own bound, so the session's more precise error normally wins. */
export const DEADLINE_GRACE_MS = 1_000;

/** Resolves or rejects with `work`, or rejects with HostError 'timeout' after `timeoutMs` + grace. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new HostError(
          'timeout',
          `timeout: ${what} got no answer from the host within ${(timeoutMs + DEADLINE_GRACE_MS) / 1000} s`,
          'timeout',
        ),
      );
    }, timeoutMs + DEADLINE_GRACE_MS);
    // The late outcome of an abandoned exec is dropped on purpose (it is recorded in the transcript).
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
