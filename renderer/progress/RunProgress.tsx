// One run's live progress: a row per instance, the run's own step, and in an apply which instance is not serving now.
import type { InstanceProgress, RunProgressView } from '../store/progress-runs.js';
import { InstanceProgressRow } from './InstanceProgressRow.js';
import { servingSummary } from './instance-phase.js';
import { stepLabel } from './progress-labels.js';
import { StateAnnouncer } from './StateAnnouncer.js';
import { useProgressiveCount } from './use-progressive-count.js';
import { useSecondClock } from './use-second-clock.js';

/**
 * The view of one run; `running` while the step's operation has not answered (rows keep ticking only then).
 * `announce: false` when the caller has its own live region outside a disclosure that may close.
 */
export function RunProgress({
  run,
  running,
  applying,
  announce = true,
}: {
  readonly run: RunProgressView;
  readonly running: boolean;
  readonly applying: boolean;
  readonly announce?: boolean;
}) {
  const now = useSecondClock(running);
  const instances = run.order.map((name) => run.instances[name]).filter((instance): instance is InstanceProgress => instance !== undefined);
  const finished = instances.filter((instance) => instance.state !== 'started').length;
  const mounted = useProgressiveCount(instances.length);
  return (
    <div className="run-progress" data-testid="run-progress" data-run={run.runId} data-running={running}>
      <p className="progress-summary small" data-testid="progress-summary">
        {run.step === undefined ? '' : `${stepLabel(run.step)}${run.detail === undefined ? '' : `: ${run.detail}`}. `}
        {finished} of {instances.length} instance(s) finished their current step.
      </p>
      {applying && <ServingLine instances={instances} />}
      {announce && <StateAnnouncer run={run} />}
      <ol className="progress-rows" aria-label="Progress per instance">
        {instances.slice(0, mounted).map((instance, index) => (
          <InstanceProgressRow
            key={instance.instance}
            instance={instance}
            applying={applying}
            index={index}
            now={running && instance.state === 'started' ? now : undefined}
          />
        ))}
      </ol>
    </div>
  );
}

/** The rolling apply's one line an engineer needs: which instance takes no events now, which still do. */
function ServingLine({ instances }: { readonly instances: readonly InstanceProgress[] }) {
  const { stopped, serving, unknown } = servingSummary(instances);
  return (
    <p className="progress-serving-line" data-testid="progress-serving-line">
      <strong>Not serving now:</strong> {stopped.length === 0 ? 'none' : stopped.join(', ')}. <strong>Serving:</strong>{' '}
      {serving.length === 0 ? 'none' : serving.join(', ')}.{unknown.length > 0 && ` Unknown, see the result: ${unknown.join(', ')}.`}
    </p>
  );
}
