import { useShallow } from 'zustand/react/shallow';
import { readyDeadlineInEffect, type ReadyDeadline } from '../../shared/contract/ops/plan-apply.js';
import { useAppStore } from '../store/store-context.js';
import { StepProgress } from '../progress/StepProgress.js';
import { formatDuration } from '../wizard/format-duration.js';
import { OUTCOME_LABELS, outcomeCounts } from './apply-labels.js';
import { ApplyInstance } from './ApplyInstance.js';
import { BalancerApplyView } from './BalancerApplyView.js';
import { ApplyPreview } from './ApplyPreview.js';
import { EarlierApplyRuns } from './EarlierApplyRuns.js';
import { RunButton } from '../components/RunButton.js';

/** Where the readiness deadline in effect comes from, for people. */
const DEADLINE_SOURCE: Readonly<Record<ReadyDeadline['source'], string>> = {
  run: 'set for this run (overrides the project)',
  project: "the project file's readyDeadlineMs",
  default: 'the default (set readyDeadlineMs in the project file to change it)',
};

/** A deadline for people: minutes and seconds, with the exact milliseconds. */
function deadlineText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `${minutes > 0 ? `${minutes} min` : ''}${minutes > 0 && rest > 0 ? ' ' : ''}${rest > 0 || minutes === 0 ? `${rest} s` : ''} (${ms} ms)`;
}

/** Apply: what the reviewed plan will change, an explicit confirmation, rolling (default) or parallel, the readiness deadline, then what happened on each instance. */
export function ApplyStep() {
  const s = useAppStore(
    useShallow((state) => ({
      plan: state.plan,
      planPath: state.planPath,
      status: state.applyStatus,
      report: state.applyReport,
      runs: state.applyRuns,
      path: state.path,
      mode: state.applyMode,
      deadlineMs: state.applyReadyDeadlineMs,
      confirmed: state.applyConfirmed,
      setMode: state.setApplyMode,
      setDeadlineMs: state.setApplyReadyDeadlineMs,
      setConfirmed: state.setApplyConfirmed,
      run: state.runApply,
      goTo: state.goTo,
      draft: state.draft,
      dirty: state.dirty,
    })),
  );
  const deadline = readyDeadlineInEffect(s.deadlineMs, s.draft?.readyDeadlineMs);
  const reference = s.plan?.referenceInstance ?? s.draft?.referenceInstance ?? 'the reference';
  const names = s.draft?.instances.map((instance) => instance.name) ?? [];
  // Test ids and order follow the project's instance order, as on every other step.
  // Rolled back, refused, failed or interrupted instances go first, above the summary, never buried below it.
  const problems = (s.report?.instances ?? []).filter((result) =>
    ['rolled-back', 'refused', 'failed', 'interrupted'].includes(result.outcome),
  );
  const order = (name: string): number =>
    names.includes(name) ? names.indexOf(name) : names.length + (s.report?.instances.findIndex((result) => result.instance === name) ?? 0);
  return (
    <div className="apply">
      {s.plan === undefined || s.planPath === undefined ? (
        <div className="empty-state" data-testid="apply-no-plan">
          <p className="empty-title">No plan to apply</p>
          <p className="muted">Apply writes exactly the plan you reviewed. Create one first.</p>
          <button type="button" className="primary" onClick={() => s.goTo('plan')}>
            Go to Plan
          </button>
        </div>
      ) : (
        <>
          <p>
            Per instance: re-read every file and refuse if it changed since the plan; back up; write and verify; stop and start the service
            only where a change needs it and wait until it answers PONG; on any failure restore the backup and restart.
          </p>
          <p className="small">
            Plan <code>{s.planPath}</code>, created {s.plan.createdAt}: {s.plan.summary.changes} file change(s) on{' '}
            {s.plan.summary.instancesWithChanges} instance(s)
            {(s.plan.summary.balancerChanges ?? 0) > 0
              ? `, then ${s.plan.summary.balancerChanges} change(s) on the Balancer host after every instance (stop, copy, start, check matching_port)`
              : ''}
            .
          </p>
          <ApplyPreview plan={s.plan} />
          <div className="confirm-box">
            <fieldset className="apply-mode" data-testid="apply-mode" data-mode={s.mode}>
              <legend>How the cluster is applied</legend>
              <label className="check">
                <input
                  type="radio"
                  name="apply-mode"
                  data-testid="apply-mode-rolling"
                  checked={s.mode === 'rolling'}
                  onChange={() => s.setMode('rolling')}
                  disabled={s.status === 'running'}
                />{' '}
                Rolling (default): one instance at a time, the next only once the previous one answers again, the reference {reference}{' '}
                last; the cluster keeps serving
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="apply-mode"
                  data-testid="apply-mode-parallel"
                  checked={s.mode === 'parallel'}
                  onChange={() => s.setMode('parallel')}
                  disabled={s.status === 'running'}
                />{' '}
                Parallel: every instance at once; the whole cluster stops serving while the services restart
              </label>
            </fieldset>
            <div className="small" data-testid="apply-deadline" data-source={deadline.source} data-ms={deadline.ms}>
              Readiness deadline (PONG after a start): {deadlineText(deadline.ms)}, {DEADLINE_SOURCE[deadline.source]}
              {s.dirty && deadline.source !== 'run' ? '; unsaved project edits do not count until the project is saved' : ''}.{' '}
              <label>
                This run only, seconds:{' '}
                <input
                  type="number"
                  min={1}
                  max={3600}
                  data-testid="apply-deadline-seconds"
                  value={s.deadlineMs === undefined ? '' : s.deadlineMs / 1000}
                  onChange={(event) =>
                    s.setDeadlineMs(event.target.value.trim() === '' ? undefined : Math.round(Number(event.target.value) * 1000))
                  }
                  disabled={s.status === 'running'}
                />
              </label>
            </div>
            <label className="check">
              <input
                type="checkbox"
                data-testid="apply-confirm"
                checked={s.confirmed}
                onChange={(event) => s.setConfirmed(event.target.checked)}
                disabled={s.status === 'running'}
              />{' '}
              I reviewed this plan and want it written to the hosts
              {s.plan.summary.changes === 0 && (s.plan.summary.balancerChanges ?? 0) === 0
                ? ' (it changes nothing; Apply re-checks and says so)'
                : ''}
            </label>
            <RunButton
              testId="apply-run"
              className="primary danger-primary"
              unavailable={!s.confirmed || s.status === 'running'}
              onRun={() => void s.run()}
            >
              {s.status === 'running' ? 'Applying…' : s.mode === 'rolling' ? 'Apply, rolling' : 'Apply in parallel'}
            </RunButton>
          </div>
        </>
      )}
      {s.status === 'running' && (
        <p className="muted" data-testid="apply-running">
          Applying… answer any prompt that appears; do not close the window.
        </p>
      )}
      <StepProgress owner="apply" />
      {s.report !== undefined && (
        <>
          <h2 className="section-title">Result</h2>
          {problems.length > 0 && (
            <div className="verdict verdict-drift" role="alert" data-testid="apply-problems">
              <div className="verdict-line">
                Not applied on {problems.length} instance(s); the hosts were left as before where the tool could restore them:
              </div>
              <ul className="small">
                {problems.map((result) => (
                  <li key={result.instance}>
                    <strong>{result.instance}</strong>: {OUTCOME_LABELS[result.outcome].text}. {result.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div
            className={`verdict ${s.report.changed ? 'verdict-changed' : ''}`}
            data-testid="apply-summary"
            data-changed={String(s.report.changed)}
          >
            <div className="verdict-line">
              {s.report.changed ? 'Files were changed on the hosts.' : 'Nothing was changed on any host.'} {outcomeCounts(s.report.summary)}
              .
            </div>
            <div className="small">
              {s.report.mode} apply of a {s.report.planSource} plan, started {s.report.startedAt}, {formatDuration(s.report.durationMs)}.
              Journal <code>{s.report.journal.path}</code>
              {s.report.journal.pending.length > 0 && (
                <span className="warn-text"> — unfinished on {s.report.journal.pending.join(', ')}: the next apply resumes it</span>
              )}
            </div>
            {s.report.changed && (
              <div className="small">
                Next:{' '}
                <button type="button" className="link-button" onClick={() => s.goTo('audit')}>
                  audit again
                </button>{' '}
                to confirm, then{' '}
                <button type="button" className="link-button" onClick={() => s.goTo('probe')}>
                  probe
                </button>
                .
              </div>
            )}
          </div>
          {[...s.report.instances]
            .sort((a, b) => order(a.instance) - order(b.instance))
            .map((result) => (
              <ApplyInstance key={result.instance} result={result} index={order(result.instance)} />
            ))}
          <BalancerApplyView result={s.report.balancer} />
        </>
      )}
      <EarlierApplyRuns
        runs={(s.report === undefined ? s.runs : s.runs.slice(0, -1)).filter((run) => run.report.project.path === s.path)}
      />
    </div>
  );
}
