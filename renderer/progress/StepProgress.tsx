// The progress of a step's newest run, for its screen: open while the operation runs, folded away after it ends.
import { useShallow } from 'zustand/react/shallow';
import type { ProgressOwner } from '../store/progress-runs.js';
import { latestRunOf } from '../store/progress-runs.js';
import { runningOwners } from '../store/progress-slice.js';
import { useAppStore } from '../store/store-context.js';
import { CancelRun } from './CancelRun.js';
import { RunProgress } from './RunProgress.js';
import { StateAnnouncer } from './StateAnnouncer.js';

/** Live rows of the step's current run; after it ends, the last run's rows stay under a closed "Progress" disclosure. */
export function StepProgress({ owner }: { readonly owner: ProgressOwner }) {
  const { latest, running, mark } = useAppStore(
    useShallow((state) => ({
      latest: latestRunOf(state.progress, owner),
      running: runningOwners(state).includes(owner),
      mark: state.progressMarks[owner],
    })),
  );
  // A run from before the step's latest start is not this operation's: not shown as its progress, running or not.
  const run = latest !== undefined && (mark === undefined || latest.seq >= mark) ? latest : undefined;
  if (run === undefined)
    return running ? (
      <details className="step-progress" open data-testid={`progress-${owner}`} data-waiting="true">
        <summary>Progress</summary>
        <p className="small muted">Started; waiting for the engine's first step.</p>
      </details>
    ) : null;
  // The live region stays outside the disclosure: the last instances' "done" must be heard as the run ends and it folds.
  return (
    <>
      <StateAnnouncer run={run} />
      {running && <CancelRun key={run.runId} run={run} />}
      <details className="step-progress" open={running} data-testid={`progress-${owner}`}>
        <summary>
          {running ? 'Progress' : 'Progress of the last run'} ({run.order.length} instance(s))
        </summary>
        <RunProgress key={run.runId} run={run} running={running} applying={owner === 'apply'} announce={false} />
      </details>
    </>
  );
}
