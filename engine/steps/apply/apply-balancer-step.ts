// The Balancer's part of an apply (issue 14): after every instance, in the order REFERENCE 3.6 gives (stop,
// copy, start, answer on matching_port), recorded beside the project while Balancer may be stopped.
import type { ApplyReport, BalancerApplyReport } from '../../../shared/plan/apply-report.js';
import type { PlannedBalancer } from '../../../shared/plan/plan-document.js';
import type { BalancerPlan } from '../plan/balancer-changes.js';
import type { ClusterRun } from '../run/run-types.js';
import type { ApplyHooks } from './apply-types.js';
import { SimulatedInterruption } from './apply-types.js';
import { applyBalancerPlan } from './balancer-apply.js';
import { clearBalancerStep, recordBalancerStep } from './balancer-journal.js';

/** Instance outcomes after which the Balancer is left alone (the instances come first, REFERENCE 3.6). */
const NOT_AS_PLANNED: ReadonlySet<string> = new Set(['refused', 'rolled-back', 'failed', 'interrupted']);

/** What the Balancer step needs besides the run. */
export interface BalancerStepInput {
  /** The plan's Balancer section as applied (the re-derivation of a saved plan). */
  readonly section: PlannedBalancer;
  /** The same changes with their bytes, from this run's re-derivation. */
  readonly plan: BalancerPlan | undefined;
  readonly projectPath: string;
  /** The instances' results: Balancer is not touched after an instance refused, rolled back, failed or was interrupted. */
  readonly instances: ApplyReport['instances'];
  readonly timeoutMs?: number;
  /** Whether Balancer answers on matching_port (default: a TCP connection); a test hook. */
  readonly answers?: (host: string, port: number) => Promise<boolean>;
  readonly polls?: number;
  /** Test hook (ApplyHooks.beforeStep), called as (Balancer host, 'write', path) before each write. */
  readonly beforeStep?: NonNullable<ApplyHooks['beforeStep']>;
}

/**
 * Applies the Balancer's changes last. The engineer confirmed the plan that lists them (a stale stored
 * certificate is in it only when asked for at plan time), so no change is asked again here. Skipped when an
 * instance did not end as planned; refused without a matching_port to check; the journal record is
 * removed unless the rollback could not be confirmed (then the next apply refuses until it is checked).
 */
export async function applyBalancerStep(run: ClusterRun, input: BalancerStepInput): Promise<BalancerApplyReport> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { section } = input;
  const result = (
    outcome: BalancerApplyReport['outcome'],
    message: string,
    rest: Partial<BalancerApplyReport> = {},
  ): BalancerApplyReport => ({
    host: section.host,
    outcome,
    message,
    files: [],
    steps: [],
    ...rest,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
  });
  if (section.changes.length === 0) return result('nothing', 'nothing to change on the Balancer');
  const notDone = input.instances.filter((instance) => NOT_AS_PLANNED.has(instance.outcome));
  if (notDone.length > 0)
    return result(
      'skipped',
      `not touched: the instances come first and ${notDone.map((instance) => `${instance.instance} ended ${instance.outcome}`).join(', ')}`,
    );
  const member = run.balancer;
  if (member === undefined || !member.ok || input.plan === undefined)
    return result('refused', `the Balancer host ${section.host} is not open in this run: nothing written`);
  if (section.endpoint === null)
    return result('refused', `kl_balancer.conf gives no matching_port to check Balancer answers on after its start: nothing written`);
  const { endpoint } = section;
  run.progress.step('balancer', 'started', { detail: `${section.changes.length} change(s) on ${section.host}` });
  const hook = input.beforeStep;
  let applied: Awaited<ReturnType<typeof applyBalancerPlan>>;
  try {
    applied = await applyBalancerPlan(member.dialect, input.plan, {
      // Confirmed with the plan: the listing and the stored certificates were in what the engineer said yes to.
      confirm: () => Promise.resolve(true),
      endpoint,
      onRecord: (files) => recordBalancerStep(input.projectPath, section.host, files, endpoint),
      ...(input.answers === undefined ? {} : { answers: input.answers }),
      ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
      ...(input.polls === undefined ? {} : { polls: input.polls }),
      ...(hook === undefined
        ? {}
        : { beforeWrite: (path: string) => hook(section.host, 'write', path), beforeStart: () => hook(section.host, 'start') }),
    });
  } catch (error) {
    if (!(error instanceof SimulatedInterruption)) throw error;
    // As a killed process: no rollback; the record stays for the next apply to undo.
    run.progress.step('balancer', 'failed', { detail: 'interrupted' });
    return result(
      'interrupted',
      `interrupted (${error.message}); the next apply completes the step if every file was written, else undoes what was written`,
    );
  }
  if (applied.outcome !== 'failed') await clearBalancerStep(input.projectPath);
  run.progress.step('balancer', applied.outcome === 'applied' || applied.outcome === 'nothing' ? 'done' : 'failed', {
    detail: `${applied.outcome}: ${applied.message}`,
  });
  return result(applied.outcome, applied.message, { files: [...applied.files], steps: [...applied.steps] });
}
