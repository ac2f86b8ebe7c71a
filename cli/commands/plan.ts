// `ctha plan`: the grouped diffs of what apply would change, or the plan document as JSON; saved with --out.
import { parseArgs } from 'node:util';
import { planText } from '../../engine/api/create-engine.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { BALANCER_STEP, parseStepsScope } from '../../shared/plan/steps.js';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { err, out } from '../output.js';
import { cliPromptAnswererFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/**
 * Reads `--steps` of `ctha plan` and `ctha apply PROJECT`: the requirements and whether the Balancer's fixes are planned. Absent: all
 * requirements and the Balancer. Given: only what it names (`balancer` for the Balancer's fixes).
 */
export function planStepsOption(text: string | undefined): { requirements?: RequirementId[]; balancer?: boolean } {
  if (text === undefined) return {};
  const parsed = parseStepsScope(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return { requirements: parsed.requirements, balancer: parsed.balancer };
}

/** Exit code of a plan: 1 when an instance could not be planned, 2 when changes are planned (the Balancer's too), 0 when nothing changes. */
export function planExitCode(plan: PlanDocument): number {
  if (plan.summary.errors > 0) return 1;
  return plan.summary.changes > 0 || (plan.summary.balancerChanges ?? 0) > 0 ? 2 : 0;
}

/** `ctha plan --help`: the options, and what `--steps` covers (the eight steps, alerts, and the Balancer's own part). */
export const PLAN_HELP = `ctha plan FILE [--steps LIST] [--out plan.json] [--json] [--replace-stale-balancer-certs] [--balancer-conf FILE]
          [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR]
  Reads every instance (and the project's Balancer host) and shows the exact changes, identical diffs grouped.
  --steps LIST   what to plan, comma-separated: 1-8 (the requirements), alerts, ${BALANCER_STEP} (the Balancer's own
                 fixes: licence key, instance list, stored certificates; applied after every instance).
                 Without --steps: every requirement and the Balancer. With it: only what it names, so
                 --steps 1,6 leaves the Balancer alone, --steps 1,6,${BALANCER_STEP} adds it, --steps ${BALANCER_STEP} plans it alone.
                 The saved plan records this; apply re-derives and applies exactly that scope.
  --out FILE     save the plan; apply exactly it with: ctha apply FILE
  --replace-stale-balancer-certs
                 also plan replacing the Balancer's stale stored instance certificates (it changes what Balancer trusts)
  exit 0 nothing to change, 2 changes planned (the Balancer's too), 1 error`;

/**
 * `ctha plan <cluster> [--steps 1,6,8[,balancer]] [--out plan.json] [--json] [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys]
 * [--password-env VAR] [--balancer-conf FILE] [--replace-stale-balancer-certs]`: exit 0 nothing to change, 2 changes planned, 1 error (an instance not read, bad input).
 */
export async function runPlan(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(PLAN_HELP);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      steps: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      ...RUN_FLAG_OPTIONS,
      'balancer-conf': { type: 'string' },
      'replace-stale-balancer-certs': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('plan takes exactly one project file');
  const steps = planStepsOption(values.steps);
  const answer = cliPromptAnswererFromFlags(values, 'plan');
  const session = openEngineSession({ command: 'plan', answer, progress: { json: values.json === true } });
  let run;
  try {
    const input = {
      path: file,
      ...(steps.requirements ? { requirements: steps.requirements } : {}),
      ...(steps.balancer === undefined ? {} : { balancer: steps.balancer }),
      ...(values.out === undefined ? {} : { out: values.out }),
      ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
      ...(values['replace-stale-balancer-certs'] === true ? { replaceStaleBalancerCerts: true } : {}),
    };
    run = await session.api['plan.create'](input);
  } finally {
    session.close();
  }
  // The scope asked must be the scope planned: an engine that dropped `balancer` would plan something else.
  if (steps.balancer === true && run.plan.balancerIncluded !== true)
    throw new UsageError(
      `--steps ${values.steps ?? ''}: the engine did not take "${BALANCER_STEP}" and left the Balancer's fixes out${run.savedTo === undefined ? '' : `; the plan saved to ${run.savedTo} does not cover the Balancer`}`,
    );
  if (values.json) out(JSON.stringify(run.plan, null, 2));
  else {
    for (const line of planText(run.plan)) out(line);
    if (run.savedTo) out(`Plan saved to ${run.savedTo}; apply exactly this with: ctha apply ${run.savedTo}`);
  }
  if (run.projectSaved) err(`${run.pinned.length} host key(s) accepted and pinned in ${run.plan.project.path}`);
  return planExitCode(run.plan);
}
