// `ctha apply`: a saved plan applied exactly, or a project planned and applied; asks on a terminal unless --yes.
import { parseArgs } from 'node:util';
import { applyText, planText } from '../../engine/api/create-engine.js';
import { ApiError } from '../../shared/contract/errors.js';
import { READY_DEADLINE_BOUNDS_MS } from '../../shared/contract/ops/plan-apply.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { err, out } from '../output.js';
import { cliPromptAnswererFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
import { readLineFromTerminal } from './secret-input.js';
import { planStepsOption } from './plan.js';
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

/** Exit code of an apply: 0 when every instance (and the Balancer) ended applied or unchanged and nothing is left unfinished, 2 otherwise. */
export function applyExitCode(report: ApplyReport): number {
  const settled =
    report.instances.every((result) => result.outcome === 'applied' || result.outcome === 'unchanged') &&
    (report.balancer === undefined || report.balancer.outcome === 'applied' || report.balancer.outcome === 'nothing');
  const resumeFailed = report.instances.some((result) => result.resumed?.outcome === 'failed');
  return settled && !resumeFailed && report.journal.pending.length === 0 ? 0 : 2;
}

/**
 * `ctha apply <cluster|plan.json> [--yes] [--rolling|--parallel] [--json] [--steps 1,6,8[,balancer]] [--ready-deadline-ms N]
 * [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR] [--balancer-conf FILE]
 * [--replace-stale-balancer-certs]`: a saved plan is applied exactly (the Balancer's section last); a project is planned first. Rolling by default (one instance at a time, the reference last); --parallel
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
      'replace-stale-balancer-certs': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('apply takes exactly one project or plan file');
  const yes = values.yes === true;
  // Decided before any host is touched: an unattended run must say so explicitly.
  if (!yes && !terminal.interactive)
    throw new UsageError('apply changes hosts: without a terminal to confirm on, pass --yes (review the plan first with ctha plan)');
  const { requirements, balancer } = planStepsOption(values.steps);
  if (values.parallel === true && values.rolling === true)
    throw new UsageError('--rolling and --parallel exclude each other (rolling is the default)');
  const rolling = values.parallel !== true;
  // Absent: the project's readyDeadlineMs decides, else the default (the engine resolves it).
  const readyDeadlineMs =
    values['ready-deadline-ms'] === undefined
      ? undefined
      : integerOption('--ready-deadline-ms', values['ready-deadline-ms'], 0, READY_DEADLINE_BOUNDS_MS.min, READY_DEADLINE_BOUNDS_MS.max);
  const answer = cliPromptAnswererFromFlags(values, 'apply');
  // Asked by the engine inside the run, with the plan it re-derived from the live hosts, before any write.
  const confirmApply = async (plan: PlanDocument): Promise<boolean> => {
    for (const line of planText(plan)) out(line);
    const how = rolling
      ? `rolling: one instance at a time, the reference ${plan.referenceInstance} last`
      : 'parallel: every instance stopped at once';
    const reply = await terminal.ask(`Apply these changes (${how})? Type "yes" to go on: `);
    return reply.trim().toLowerCase() === 'yes';
  };
  const session = openEngineSession({
    command: 'apply',
    answer,
    progress: { json: values.json === true },
    engine: yes ? {} : { confirmApply },
  });
  let run;
  try {
    run = await session.api['apply.run']({
      path: file,
      rolling,
      ...(readyDeadlineMs === undefined ? {} : { readyDeadlineMs }),
      ...(requirements ? { requirements } : {}),
      ...(balancer === undefined ? {} : { balancer }),
      ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
      ...(values['replace-stale-balancer-certs'] === true ? { replaceStaleBalancerCerts: true } : {}),
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'cancelled' && /not confirmed/.test(error.message)) {
      err('Apply cancelled; nothing was changed.');
      return 1;
    }
    throw error;
  } finally {
    session.close();
  }
  if (run.projectSaved) err(`${run.pinned.length} host key(s) accepted and pinned in ${run.plan.project.path}`);
  // The plan travels with the report: only it says which requirement each change serves (ctha report needs both).
  if (values.json) out(JSON.stringify({ report: run.report, plan: run.plan }, null, 2));
  else for (const line of applyText(run.report)) out(line);
  return applyExitCode(run.report);
}
