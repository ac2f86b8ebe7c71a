// A run's sessions refuse a new remote operation once the run is cancelled, except inside a protected section.
import type { SshSession } from '../../ssh/session/index.js';
import type { RunControl } from './run-control.js';
import { cancelledError } from './run-control.js';

// The operations that reach the host; close() and the session's own bookkeeping always pass.
const GATED: ReadonlySet<PropertyKey> = new Set(['exec', 'readFile', 'writeFile', 'stat', 'readdir', 'rename', 'unlink', 'mkdir']);

/**
 * The same session, whose remote operations are refused with the `cancelled` error once `control` is
 * cancelled and no protected section (a write, a stop/start, a rollback) is under way. An operation
 * already started is never interrupted: the check is made only before one starts.
 */
export function gateSession(session: SshSession, control: RunControl, host: string): SshSession {
  return new Proxy(session, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Bound to the real session: its private fields are not reachable through the proxy.
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (!GATED.has(property)) return bound;
      return (...args: unknown[]) => {
        if (control.cancelled && !control.protecting)
          return Promise.reject(cancelledError(`the run was cancelled; ${host}'s next operation was not started`));
        return bound(...args);
      };
    },
  });
}
