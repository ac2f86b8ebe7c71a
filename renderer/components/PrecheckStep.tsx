import { useShallow } from 'zustand/react/shallow';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { PRECHECK_IDS, PRECHECKS } from '../../shared/prechecks/catalogue.js';
import { StepProgress } from '../progress/StepProgress.js';
import { useAppStore } from '../store/store-context.js';
import { RunButton } from './RunButton.js';

const INSTANCE_CHECKS = PRECHECK_IDS.filter((check) => check !== 'same-version');

/** Pre-checks of every instance side by side: one row per check, one column per instance, then the cluster row. */
export function PrecheckStep() {
  const { draft, status, results, pinned, run } = useAppStore(
    useShallow((state) => ({
      draft: state.draft,
      status: state.precheckStatus,
      results: state.precheckResults,
      pinned: state.precheckPinned,
      run: state.runPrechecks,
    })),
  );
  if (draft === undefined) return null;
  const find = (check: string, instance?: string): PrecheckResult | undefined =>
    results.find((result) => result.check === check && result.instance === instance);
  // The project's Balancer host is checked up to privilege in the same run (issue 14): a column of its own.
  const balancer = draft.balancer?.name;
  const balancerChecked = balancer !== undefined && results.some((result) => result.instance === balancer);
  return (
    <div className="prechecks">
      <p>
        Connects to every instance and checks it can be commissioned: {INSTANCE_CHECKS.length} checks per instance and one across the
        cluster. New host keys are shown on one screen for you to compare; passwords are asked for and kept in memory only.
      </p>
      <div className="actions">
        <RunButton testId="prechecks-run" unavailable={status === 'running'} onRun={() => void run()}>
          {status === 'running' ? 'Running…' : 'Run pre-checks'}
        </RunButton>
        <span className="muted" data-testid="prechecks-summary">
          {summary(status, results, pinned)}
        </span>
      </div>
      <StepProgress owner="prechecks" />
      {results.length > 0 && (
        <div className="table-scroll">
          <table className="grid side-by-side">
            <thead>
              <tr>
                <th scope="row">Check</th>
                {draft.instances.map((instance, index) => (
                  <th key={index} scope="col">
                    {instance.name}
                  </th>
                ))}
                {balancerChecked && <th scope="col">Balancer ({balancer})</th>}
              </tr>
            </thead>
            <tbody>
              {INSTANCE_CHECKS.map((check) => (
                <tr key={check}>
                  <th scope="row">{PRECHECKS[check].title}</th>
                  {draft.instances.map((instance, index) => (
                    <ResultCell key={index} result={find(check, instance.name)} testId={`precheck-${check}-${index}`} />
                  ))}
                  {balancerChecked &&
                    (find(check, balancer) === undefined ? (
                      <td className="muted small">Not a Balancer check (the audit reads the Balancer&apos;s files)</td>
                    ) : (
                      <ResultCell result={find(check, balancer)} testId={`precheck-${check}-balancer`} />
                    ))}
                </tr>
              ))}
              <tr>
                <th scope="row">{PRECHECKS['same-version'].title}</th>
                <ResultCell
                  result={find('same-version')}
                  testId="precheck-same-version"
                  colSpan={draft.instances.length + (balancerChecked ? 1 : 0)}
                />
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ResultCell({
  result,
  testId,
  colSpan,
}: {
  readonly result: PrecheckResult | undefined;
  readonly testId: string;
  readonly colSpan?: number;
}) {
  if (result === undefined)
    return (
      <td colSpan={colSpan} className="muted">
        —
      </td>
    );
  const kind = result.status === 'fail' ? (result.severity === 'blocker' ? 'fail' : 'warn') : result.status;
  return (
    <td colSpan={colSpan} data-testid={testId} data-status={result.status}>
      <span className={`status status-${kind}`}>
        {kind === 'fail' ? 'FAIL' : kind === 'warn' ? 'WARN' : kind === 'pass' ? 'PASS' : 'SKIP'}
      </span>
      <div className="small">{result.evidence}</div>
      {result.fixHint && <div className="small muted">{result.fixHint}</div>}
    </td>
  );
}

function summary(status: string, results: readonly PrecheckResult[], pinned: number): string {
  if (status === 'running') return 'Running… answer any prompt that appears.';
  if (status !== 'done') return 'Not run yet.';
  const blockers = results.filter((result) => result.status === 'fail' && result.severity === 'blocker').length;
  const warnings = results.filter((result) => result.status === 'fail' && result.severity === 'warning').length;
  const pins = pinned > 0 ? ` ${pinned} host key(s) pinned into the project.` : '';
  if (blockers === 0 && warnings === 0) return `All pre-checks passed.${pins}`;
  return `${blockers} blocker(s) failed, ${warnings} warning(s).${pins}`;
}
