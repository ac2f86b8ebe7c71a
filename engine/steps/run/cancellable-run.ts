// One operation as a run `run.cancel` can reach: registered under its run id while it runs, ended with `cancelled` when stopped.
import { cancelledError, isCancelledError } from './run-control.js';
import type { ClusterRunDeps } from './run-types.js';

/**
 * Runs `work` with deps carrying a registered run id and cancel switch (every cluster run it opens reports
 * under that id). When the engineer cancelled it, the operation ends with the contract's `cancelled` error
 * whatever the work returned: a step whose hosts refused their next operation has no result to trust.
 * A `cancelled` error the work threw itself (an apply naming the instances done) is passed on as it is.
 * Without `deps.runs` (a caller with no registry) the work runs as before.
 */
export async function cancellableRun<T>(deps: ClusterRunDeps, what: string, work: (deps: ClusterRunDeps) => Promise<T>): Promise<T> {
  if (deps.runs === undefined) return work(deps);
  const control = deps.runs.start(deps.runId);
  try {
    let result: T;
    try {
      result = await work({ ...deps, runId: control.runId, control });
    } catch (error) {
      if (!control.cancelled || isCancelledError(error)) throw error;
      throw cancelledError(`${what} was cancelled by the engineer; it stopped before the hosts' next operation`);
    }
    if (control.cancelled)
      throw cancelledError(`${what} was cancelled by the engineer; it stopped before the hosts' next operation and has no result`);
    return result;
  } finally {
    deps.runs.end(control);
  }
}
