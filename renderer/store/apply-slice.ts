import type { CthaApi } from '../../shared/contract/api.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { reloadAfterPinning } from './reload-pinned.js';
import type { RunStatus } from './run-status.js';

/** One apply of the session: what happened and the plan it applied. */
export type AppliedRun = Readonly<{ report: ApplyReport; plan: PlanDocument }>;

/** Applying the reviewed plan: the engineer's confirmation, parallel or rolling, and what happened per instance. */
export type ApplySlice = Readonly<{
  applyStatus: RunStatus;
  applyReport: ApplyReport | undefined;
  /** Every apply of this session with the plan it applied, oldest first: the report's changes come from all of them, not just the last (often a no-op). */
  applyRuns: readonly AppliedRun[];
  /** One instance at a time, the next only once the previous answers again. */
  applyRolling: boolean;
  /** The engineer ticked "apply this plan"; cleared by every new plan and after every apply. */
  applyConfirmed: boolean;
  setApplyRolling: (rolling: boolean) => void;
  setApplyConfirmed: (confirmed: boolean) => void;
  runApply: () => Promise<void>;
}>;

/** Creates the apply slice: it applies the saved plan file exactly, never a plan made behind the engineer's back. */
export function createApplySlice(api: CthaApi): StateCreator<AppState, [], [], ApplySlice> {
  return (set, get) => ({
    applyStatus: 'idle',
    applyReport: undefined,
    applyRuns: [],
    applyRolling: false,
    applyConfirmed: false,
    setApplyRolling: (applyRolling) => set({ applyRolling }),
    setApplyConfirmed: (applyConfirmed) => set({ applyConfirmed }),
    runApply: async () => {
      const { applyStatus, planPath, planBalancerConf, applyConfirmed, applyRolling } = get();
      if (applyStatus === 'running') return;
      if (planPath === undefined) return set({ notice: { kind: 'error', text: 'Create a plan first: Apply writes exactly the plan you reviewed.' } });
      const refusal = applyConfirmed ? otherRun(get()) : 'Tick the confirmation first: Apply changes files and restarts services.';
      if (refusal !== undefined) return set({ notice: { kind: 'error', text: refusal } });
      set({ applyStatus: 'running', applyReport: undefined, notice: undefined });
      try {
        // Apply re-observes every instance after writing; the alerts item needs the Balancer the plan was made against.
        const run = await api['apply.run']({ path: planPath, rolling: applyRolling, ...(planBalancerConf === '' ? {} : { balancerConf: planBalancerConf }) });
        // Whatever the outcome, the confirmation was spent on this run; the audit and probe now describe the hosts as they were.
        set({ applyStatus: 'done', applyReport: run.report, applyRuns: [...get().applyRuns, { report: run.report, plan: run.plan }], applyConfirmed: false, ...(run.report.changed ? { auditStale: true, probeStale: true } : {}) });
        if (run.plan.project.path === get().path) await reloadAfterPinning(get, set, get().path, run);
      } catch (error) {
        set({ applyStatus: 'failed', applyConfirmed: false, notice: { kind: 'error', text: `Apply failed: ${describeError(error).message}` } });
      }
    },
  });
}

// Writing while another run reads the same hosts would make both results hard to trust.
function otherRun(state: AppState): string | undefined {
  if (state.auditStatus === 'running') return 'Wait for the audit to finish before applying.';
  if (state.planStatus === 'running') return 'Wait for the plan to finish before applying.';
  if (state.probeStatus === 'running') return 'Wait for the probe to finish before applying.';
  if (state.precheckStatus === 'running') return 'Wait for the pre-checks to finish before applying.';
  return undefined;
}
