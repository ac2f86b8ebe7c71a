// `ctha plan`: the grouped diffs of what apply would change, or the plan document as JSON; saved with --out.
import { parseArgs } from 'node:util';
import { planText } from '../../engine/api/create-engine.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { parseSteps } from '../../shared/plan/steps.js';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { err, out } from '../output.js';
import { cliPromptAnswererFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/** Reads `--steps`; undefined when absent. */
export function stepsOption(text: string | undefined): RequirementId[] | undefined {
  if (text === undefined) return undefined;
  const parsed = parseSteps(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.requirements;
}

/** Exit code of a plan: 1 when an instance could not be planned, 2 when changes are planned (the Balancer's too), 0 when nothing changes. */
export function planExitCode(plan: PlanDocument): number {
  if (plan.summary.errors > 0) return 1;
  return plan.summary.changes > 0 || (plan.summary.balancerChanges ?? 0) > 0 ? 2 : 0;
}

/**
 * `ctha plan <cluster> [--steps 1,6,8] [--out plan.json] [--json] [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys]
 * [--password-env VAR] [--balancer-conf FILE] [--replace-stale-balancer-certs]`: exit 0 nothing to change, 2 changes planned, 1 error (an instance not read, bad input).
 */
export async function runPlan(args: readonly string[]): Promise<number> {
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
  const requirements = stepsOption(values.steps);
  const answer = cliPromptAnswererFromFlags(values, 'plan');
  const session = openEngineSession({ command: 'plan', answer, progress: { json: values.json === true } });
  let run;
  try {
    run = await session.api['plan.create']({
      path: file,
      ...(requirements ? { requirements } : {}),
      ...(values.out === undefined ? {} : { out: values.out }),
      ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
      ...(values['replace-stale-balancer-certs'] === true ? { replaceStaleBalancerCerts: true } : {}),
    });
  } finally {
    session.close();
  }
  if (values.json) out(JSON.stringify(run.plan, null, 2));
  else {
    for (const line of planText(run.plan)) out(line);
    if (run.savedTo) out(`Plan saved to ${run.savedTo}; apply exactly this with: ctha apply ${run.savedTo}`);
  }
  if (run.projectSaved) err(`${run.pinned.length} host key(s) accepted and pinned in ${run.plan.project.path}`);
  return planExitCode(run.plan);
}
