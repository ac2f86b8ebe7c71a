import type { CthaApi } from '../../shared/contract/api.js';
import { READY_DEADLINE_BOUNDS_MS } from '../../shared/contract/ops/plan-apply.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { reloadAfterPinning } from './reload-pinned.js';
import type { RunStatus } from './run-status.js';

/** One apply of the session: what happened and the plan it applied. */
export type AppliedRun = Readonly<{ report: ApplyReport; plan: PlanDocument }>;

/** How an apply goes through the cluster: rolling (the default, the reference last) or every instance at once. */
export type ApplyMode = 'rolling' | 'parallel';

/** Applying the reviewed plan: the engineer's confirmation, rolling or parallel, the readiness deadline, and what happened per instance. */
export type ApplySlice = Readonly<{
  applyStatus: RunStatus;
  applyReport: ApplyReport | undefined;
  /** Every apply of this session with the plan it applied, oldest first: the report's changes come from all of them, not just the last (often a no-op). */
  applyRuns: readonly AppliedRun[];
  /** 'rolling' (default): one instance at a time, the reference last, the next only once the previous answers again. */
  applyMode: ApplyMode;
  /** This run's readiness deadline (ms), overriding the project's readyDeadlineMs; undefined: the project's, else the default. */
  applyReadyDeadlineMs: number | undefined;
  /** The engineer ticked "apply this plan"; cleared by every new plan and after every apply. */
  applyConfirmed: boolean;
  setApplyMode: (mode: ApplyMode) => void;
  setApplyReadyDeadlineMs: (ms: number | undefined) => void;
  setApplyConfirmed: (confirmed: boolean) => void;
  runApply: () => Promise<void>;
}>;

/** Creates the apply slice: it applies the saved plan file exactly, never a plan made behind the engineer's back. */
export function createApplySlice(api: CthaApi): StateCreator<AppState, [], [], ApplySlice> {
  return (set, get) => ({
    applyStatus: 'idle',
    applyReport: undefined,
    applyRuns: [],
    applyMode: 'rolling',
    applyReadyDeadlineMs: undefined,
    applyConfirmed: false,
    setApplyMode: (applyMode) => set({ applyMode }),
    setApplyReadyDeadlineMs: (applyReadyDeadlineMs) => set({ applyReadyDeadlineMs }),
    setApplyConfirmed: (applyConfirmed) => set({ applyConfirmed }),
    runApply: async () => {
      const { applyStatus, planPath, planBalancerConf, applyConfirmed, applyMode, applyReadyDeadlineMs } = get();
      if (applyStatus === 'running') return;
      if (planPath === undefined)
        return set({ notice: { kind: 'error', text: 'Create a plan first: Apply writes exactly the plan you reviewed.' } });
      const refusal = applyConfirmed
        ? (deadlineProblem(applyReadyDeadlineMs) ?? otherRun(get()))
        : 'Tick the confirmation first: Apply changes files and restarts services.';
      if (refusal !== undefined) return set({ notice: { kind: 'error', text: refusal } });
      set({ applyStatus: 'running', applyReport: undefined, notice: undefined });
      try {
        // Apply re-observes every instance after writing; the alerts item needs the Balancer the plan was made against.
        const run = await api['apply.run']({
          path: planPath,
          rolling: applyMode === 'rolling',
          ...(applyReadyDeadlineMs === undefined ? {} : { readyDeadlineMs: applyReadyDeadlineMs }),
          ...(planBalancerConf === '' ? {} : { balancerConf: planBalancerConf }),
        });
        // Whatever the outcome, the confirmation was spent on this run; the audit and probe now describe the hosts as they were.
        set({
          applyStatus: 'done',
          applyReport: run.report,
          applyRuns: [...get().applyRuns, { report: run.report, plan: run.plan }],
          applyConfirmed: false,
          ...(run.report.changed ? { auditStale: true, probeStale: true } : {}),
        });
        if (run.plan.project.path === get().path) await reloadAfterPinning(get, set, get().path, run);
      } catch (error) {
        set({
          applyStatus: 'failed',
          applyConfirmed: false,
          notice: { kind: 'error', text: `Apply failed: ${describeError(error).message}` },
        });
      }
    },
  });
}

/** Why this run's readiness deadline cannot be used (said before anything runs), or undefined. */
function deadlineProblem(ms: number | undefined): string | undefined {
  if (ms === undefined || (Number.isInteger(ms) && ms >= READY_DEADLINE_BOUNDS_MS.min && ms <= READY_DEADLINE_BOUNDS_MS.max))
    return undefined;
  return `The readiness deadline must be a number of seconds from ${READY_DEADLINE_BOUNDS_MS.min / 1000} to ${READY_DEADLINE_BOUNDS_MS.max / 1000}; clear it to use the project's.`;
}

// Writing while another run reads the same hosts would make both results hard to trust.
function otherRun(state: AppState): string | undefined {
  if (state.auditStatus === 'running') return 'Wait for the audit to finish before applying.';
  if (state.planStatus === 'running') return 'Wait for the plan to finish before applying.';
  if (state.probeStatus === 'running') return 'Wait for the probe to finish before applying.';
  if (state.precheckStatus === 'running') return 'Wait for the pre-checks to finish before applying.';
  return undefined;
}
