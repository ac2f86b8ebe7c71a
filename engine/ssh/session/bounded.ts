// Bounds an operation by time and by the life of the connection, whichever ends first.
import type { LiveConnection } from './connection.js';
import { seconds } from './context.js';

/** What is being bounded, for the error messages. */
export interface BoundedOperation {
  /** e.g. `sftp write`. */
  readonly operation: string;
  readonly path?: string;
  /** What the message names: the path, or `from -> to`. */
  readonly subject: string;
  readonly timeoutMs: number;
  /** Runs when the time is up, before the timeout error is reported (e.g. drop the stuck channel). */
  readonly onTimeout?: () => void;
}

/** Resolves with `work`'s result, or rejects with `timeout` or with the connection's end (`connection-lost`, `closed`). */
export function bounded<T>(conn: LiveConnection, what: BoundedOperation, work: () => Promise<T>): Promise<T> {
  const { operation, path, subject, timeoutMs } = what;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let offEnd = (): void => undefined;
    const done = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offEnd();
      settle();
    };
    const timer = setTimeout(() => {
      what.onTimeout?.();
      done(() =>
        reject(
          conn.ctx.error('timeout', `timeout: ${operation} ${subject} did not finish within ${seconds(timeoutMs)}`, { operation, path }),
        ),
      );
    }, timeoutMs);
    offEnd = conn.onEnd(() => done(() => reject(conn.lostDuring(operation, path, subject))));
    work().then(
      (value) => done(() => resolve(value)),
      (error: unknown) => done(() => reject(error)),
    );
  });
}
