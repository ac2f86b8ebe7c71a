// `ctha apply`: a saved plan applied exactly, or a project planned and applied; asks on a terminal unless --yes.
import { parseArgs } from 'node:util';
import { applyText } from '../../engine/steps/apply/apply-text.js';
import { runApplyOnce } from '../../engine/steps/apply/run-apply.js';
import type { ApplyRunOptions } from '../../engine/steps/apply/run-apply.js';
import { planText } from '../../engine/steps/plan/plan-text.js';
import { READY_DEADLINE_BOUNDS_MS } from '../../shared/contract/ops/plan-apply.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import { err, out } from '../output.js';
import { cliRunDepsFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { readLineFromTerminal } from './secret-input.js';
import { stepsOption } from './plan.js';
import { integerOption } from './probe.js';
import { UsageError } from './usage-error.js';

/** How the command talks to a person: whether there is a terminal, and how a line is asked for. */
export interface ApplyTerminal {
  readonly interactive: boolean;
  ask(question: string): Promise<string>;
}

/** The process's terminal. */
export const PROCESS_TERMINAL: ApplyTerminal = {
  get interactive() {
    return process.stdin.isTTY && process.stdout.isTTY;
  },
  ask: (question) => readLineFromTerminal(question, { echo: true }),
};

/** Exit code of an apply: 0 when every instance ended applied or unchanged and nothing is left unfinished, 2 otherwise. */
export function applyExitCode(report: ApplyReport): number {
  const settled = report.instances.every((result) => result.outcome === 'applied' || result.outcome === 'unchanged');
  const resumeFailed = report.instances.some((result) => result.resumed?.outcome === 'failed');
  return settled && !resumeFailed && report.journal.pending.length === 0 ? 0 : 2;
}

/**
 * `ctha apply <cluster|plan.json> [--yes] [--rolling|--parallel] [--json] [--steps 1,6,8] [--ready-deadline-ms N]
 * [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR] [--balancer-conf FILE]`: a saved
 * plan is applied exactly; a project is planned first. Rolling by default (one instance at a time, the reference last); --parallel
 * stops every instance at once. The readiness deadline is --ready-deadline-ms, else the project's
 * readyDeadlineMs, else 5 minutes. Without --yes it shows the plan and asks on a terminal, and refuses
 * without one. Exit 0 every instance applied or already consistent, 2 an instance refused, rolled back,
 * failed or left unfinished, 1 error or declined.
 */
export async function runApply(args: readonly string[], terminal: ApplyTerminal = PROCESS_TERMINAL): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      yes: { type: 'boolean' },
      rolling: { type: 'boolean' },
      parallel: { type: 'boolean' },
      json: { type: 'boolean' },
      steps: { type: 'string' },
      'ready-deadline-ms': { type: 'string' },
      ...RUN_FLAG_OPTIONS,
      'balancer-conf': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('apply takes exactly one project or plan file');
  const yes = values.yes === true;
  // Decided before any host is touched: an unattended run must say so explicitly.
  if (!yes && !terminal.interactive) throw new UsageError('apply changes hosts: without a terminal to confirm on, pass --yes (review the plan first with ctha plan)');
  const requirements = stepsOption(values.steps);
  if (values.parallel === true && values.rolling === true) throw new UsageError('--rolling and --parallel exclude each other (rolling is the default)');
  const rolling = values.parallel !== true;
  // Absent: the project's readyDeadlineMs decides, else the default (the engine resolves it).
  const readyDeadlineMs =
    values['ready-deadline-ms'] === undefined ? undefined : integerOption('--ready-deadline-ms', values['ready-deadline-ms'], 0, READY_DEADLINE_BOUNDS_MS.min, READY_DEADLINE_BOUNDS_MS.max);
  const deps = cliRunDepsFromFlags(values, 'apply');
  const options: ApplyRunOptions = {
    rolling,
    ...(readyDeadlineMs === undefined ? {} : { readyDeadlineMs }),
    ...(requirements ? { requirements } : {}),
    ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
    ...(yes
      ? {}
      : {
          confirm: async (plan) => {
            for (const line of planText(plan)) out(line);
            const how = rolling ? `rolling: one instance at a time, the reference ${plan.referenceInstance} last` : 'parallel: every instance stopped at once';
            const answer = await terminal.ask(`Apply these changes (${how})? Type "yes" to go on: `);
            return answer.trim().toLowerCase() === 'yes';
          },
        }),
  };
  const run = await runApplyOnce(file, deps, options);
  if (run.projectSaved) err(`${run.accepted.length} host key(s) accepted and pinned in ${run.plan.project.path}`);
  if (!run.report) {
    err('Apply cancelled; nothing was changed.');
    return 1;
  }
  // The plan travels with the report: only it says which requirement each change serves (ctha report needs both).
  if (values.json) out(JSON.stringify({ report: run.report, plan: run.plan }, null, 2));
  else for (const line of applyText(run.report)) out(line);
  return applyExitCode(run.report);
}
