// The engine's handlers of `plan.create` and `apply.run` (contract: shared/contract/ops/plan-apply.ts).
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { planApplyOperations } from '../../../shared/contract/ops/plan-apply.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { runApplyOnce } from '../../steps/apply/run-apply.js';
import { parsePlan, readPlanFile, withoutSensitiveBytes } from '../../steps/plan/plan-file.js';
import { runPlanOnce } from '../../steps/plan/run-plan.js';
import { cancellableRun } from '../../steps/run/cancellable-run.js';
import type { ClusterRunDeps } from '../../steps/run/run-types.js';

type Ops = typeof planApplyOperations;
/** The plan and apply handlers, typed from their contract entries. */
export type PlanApplyHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/**
 * Creates the handlers. Host keys and passwords go through the engine's prompts (one host-key review per
 * run); `apply.run` asks no confirmation itself (the wizard shows the plan and calls it when the engineer
 * confirms) unless the front end that created the engine gave `confirmApply` (the CLI without --yes).
 */
export function createPlanApplyHandlers(deps: ClusterRunDeps, confirmApply?: (plan: PlanDocument) => Promise<boolean>): PlanApplyHandlers {
  return {
    'plan.create': async ({ path, requirements, balancer, out, balancerConf, replaceStaleBalancerCerts }) => {
      const run = await cancellableRun(deps, 'The plan', (runDeps) =>
        runPlanOnce(path, runDeps, {
          ...(replaceStaleBalancerCerts === undefined ? {} : { replaceStaleBalancerCerts }),
          ...(requirements ? { requirements } : {}),
          ...(balancer === undefined ? {} : { balancer }),
          ...(out === undefined ? {} : { out }),
          ...(balancerConf === undefined ? {} : { balancerConf }),
        }),
      );
      return {
        plan: run.plan,
        ...(run.savedTo === undefined ? {} : { savedTo: run.savedTo }),
        pinned: [...run.accepted],
        projectSaved: run.projectSaved,
      };
    },
    'apply.run': async ({ path, rolling, readyDeadlineMs, balancerConf, requirements, balancer, replaceStaleBalancerCerts }) => {
      // A cancel between instances ends in the `cancelled` error naming the instances done and not started (cancelledApply).
      const run = await cancellableRun(deps, 'The apply', (runDeps) =>
        runApplyOnce(path, runDeps, {
          ...(replaceStaleBalancerCerts === undefined ? {} : { replaceStaleBalancerCerts }),
          rolling,
          ...(requirements ? { requirements } : {}),
          ...(balancer === undefined ? {} : { balancer }),
          ...(confirmApply === undefined ? {} : { confirm: confirmApply }),
          ...(readyDeadlineMs === undefined ? {} : { readyDeadlineMs }),
          ...(balancerConf === undefined ? {} : { balancerConf }),
        }),
      );
      if (!run.report) throw new ApiError({ code: 'cancelled', message: 'the apply was not confirmed; nothing was changed' });
      return { report: run.report, plan: run.plan, pinned: [...run.accepted], projectSaved: run.projectSaved };
    },
    // What is shown and sent never carries a certificate's or a key's bytes.
    'plan.read': async (input) =>
      withoutSensitiveBytes('path' in input ? await readPlanFile(input.path) : parsePlan(input.plan, input.source)),
  };
}
