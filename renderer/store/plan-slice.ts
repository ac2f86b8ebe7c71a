import type { CthaApi } from '../../shared/contract/api.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { REQUIREMENT_IDS } from '../../shared/requirements/ids.js';
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';
import { describeError } from './errors.js';
import { planFilePath } from './plan-file-path.js';
import { reloadAfterPinning } from './reload-pinned.js';
import type { RunStatus } from './run-status.js';
import { savedProjectPath } from './saved-project.js';

/** The plan shown for review: every file change per instance, grouped, and the file it was saved to for Apply. */
export type PlanSlice = Readonly<{
  planStatus: RunStatus;
  plan: PlanDocument | undefined;
  /** The saved plan file Apply applies; undefined until a plan was saved. */
  planPath: string | undefined;
  /** The local kl_balancer.conf the plan was made with (empty: none); Apply must verify against the same Balancer. */
  planBalancerConf: string;
  /** The requirements to plan; all of them by default. */
  planRequirements: readonly RequirementId[];
  /** Plan replacing the Balancer's stale stored instance certificates (it changes what Balancer trusts: off unless chosen). */
  planReplaceStaleBalancerCerts: boolean;
  togglePlanRequirement: (requirement: RequirementId, on: boolean) => void;
  setPlanReplaceStaleBalancerCerts: (on: boolean) => void;
  createPlan: () => Promise<void>;
}>;

/** Creates the plan slice; plan.create reads every instance again, so prompts may appear. */
export function createPlanSlice(api: CthaApi): StateCreator<AppState, [], [], PlanSlice> {
  return (set, get) => ({
    planStatus: 'idle',
    plan: undefined,
    planPath: undefined,
    planBalancerConf: '',
    planRequirements: REQUIREMENT_IDS,
    planReplaceStaleBalancerCerts: false,
    setPlanReplaceStaleBalancerCerts: (on) => set({ planReplaceStaleBalancerCerts: on }),
    // Kept in catalogue order, so the request (and the plan's heading) reads 1, 6, 8 whatever the click order.
    togglePlanRequirement: (requirement, on) => {
      const chosen = new Set(get().planRequirements);
      if (on) chosen.add(requirement);
      else chosen.delete(requirement);
      set({ planRequirements: REQUIREMENT_IDS.filter((id) => chosen.has(id)) });
    },
    createPlan: async () => {
      if (get().planStatus === 'running') return;
      const saved = savedProjectPath(get(), 'the plan is made');
      if (!saved.ok) return set({ notice: { kind: 'error', text: saved.message } });
      const requirements = get().planRequirements;
      if (requirements.length === 0) return set({ notice: { kind: 'error', text: 'Choose at least one requirement to plan.' } });
      const balancerConf = get().balancerConf.trim();
      // The plan shown and the file Apply would use are dropped first: a failed run must not leave an older plan ready to apply.
      set({ planStatus: 'running', plan: undefined, planPath: undefined, applyConfirmed: false, notice: undefined });
      try {
        const run = await api['plan.create']({
          path: saved.path,
          // All of them is the engine's default; naming a subset only when there is one keeps the request honest.
          ...(requirements.length === REQUIREMENT_IDS.length ? {} : { requirements: [...requirements] }),
          out: planFilePath(saved.path),
          ...(balancerConf === '' ? {} : { balancerConf }),
          ...(get().planReplaceStaleBalancerCerts ? { replaceStaleBalancerCerts: true } : {}),
        });
        // A new plan needs a new confirmation: the one given was for the plan shown before.
        set({ planStatus: 'done', plan: run.plan, planPath: run.savedTo, planBalancerConf: balancerConf, applyConfirmed: false });
        await reloadAfterPinning(get, set, saved.path, run);
      } catch (error) {
        set({ planStatus: 'failed', notice: { kind: 'error', text: `Plan failed: ${describeError(error).message}` } });
      }
    },
  });
}
