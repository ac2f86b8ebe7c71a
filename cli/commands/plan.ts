import { parseArgs } from 'node:util';
import { EventHub } from '../../engine/api/event-hub.js';
import { PromptBroker } from '../../engine/api/prompt-broker.js';
import { planText } from '../../engine/steps/plan/plan-text.js';
import { runPlanOnce } from '../../engine/steps/plan/run-plan.js';
import type { ClusterRunDeps } from '../../engine/steps/run/run-types.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import { parseSteps } from '../../shared/plan/steps.js';
import type { RequirementId } from '../../shared/requirements/ids.js';
import { err, out } from '../output.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

/** Options every command that opens a cluster run takes: how host keys and passwords are answered. */
export interface RunAnswerOptions {
  readonly acceptNewHostKeys: boolean;
  /** Name of an environment variable holding the login (and sudo) password; otherwise the terminal is asked. */
  readonly passwordEnv: string | undefined;
  /** Command name for messages. */
  readonly command: string;
}

/**
 * The command line as a front end of a cluster run: passwords from the named variable or the terminal
 * (never argv), new host keys shown on stderr and accepted only with --accept-new-host-keys.
 */
export function cliRunDeps(options: RunAnswerOptions): ClusterRunDeps {
  const events = new EventHub();
  const broker = new PromptBroker(events, 5 * 60_000);
  const answer = async (prompt: Prompt): Promise<PromptAnswer> => {
    switch (prompt.kind) {
      case 'password':
      case 'passphrase': {
        const fromEnv = options.passwordEnv === undefined ? undefined : process.env[options.passwordEnv];
        const what = prompt.kind === 'password' ? `${prompt.user}@${prompt.host} (${prompt.instance}, ${prompt.purpose})` : prompt.keyPath;
        const secret = fromEnv ?? (await readSecretFromTerminal(`${prompt.kind === 'password' ? 'Password' : 'Passphrase'} for ${what}: `));
        return { kind: prompt.kind, secret };
      }
      case 'host-key-review': {
        for (const key of prompt.keys) err(`${key.status === 'new' ? 'New' : 'CHANGED'} host key: ${key.instance} ${key.host}:${key.port} ${key.keyType} ${key.fingerprint}`);
        if (!options.acceptNewHostKeys) err('Not accepted: compare the fingerprints out of band, then run again with --accept-new-host-keys (or pin them with ctha check or ctha hostkeys).');
        return { kind: 'host-key-review', acceptedFingerprints: options.acceptNewHostKeys ? prompt.keys.filter((key) => key.status === 'new').map((key) => key.fingerprint) : [] };
      }
    }
  };
  events.subscribe((event) => {
    if (event.name !== 'prompt') return;
    void answer(event.payload).then(
      (reply) => broker.answer(event.payload.promptId, reply),
      (error: unknown) => {
        err(`ctha ${options.command}: ${error instanceof Error ? error.message : String(error)}`);
        broker.answer(event.payload.promptId, { kind: 'cancel' });
      },
    );
  });
  return { ask: broker.ask.bind(broker) };
}

/** Reads `--steps`; undefined when absent. */
export function stepsOption(text: string | undefined): RequirementId[] | undefined {
  if (text === undefined) return undefined;
  const parsed = parseSteps(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.requirements;
}

/** Exit code of a plan: 1 when an instance could not be planned, 2 when changes are planned, 0 when nothing changes. */
export function planExitCode(plan: PlanDocument): number {
  if (plan.summary.errors > 0) return 1;
  return plan.summary.changes > 0 ? 2 : 0;
}

/**
 * `ctha plan <cluster> [--steps 1,6,8] [--out plan.json] [--json] [--accept-new-host-keys] [--password-env VAR]
 * [--balancer-conf FILE]`: exit 0 nothing to change, 2 changes planned, 1 error (an instance not read, bad input).
 */
export async function runPlan(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      steps: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'accept-new-host-keys': { type: 'boolean' },
      'password-env': { type: 'string' },
      'balancer-conf': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('plan takes exactly one project file');
  const requirements = stepsOption(values.steps);
  const deps = cliRunDeps({ acceptNewHostKeys: values['accept-new-host-keys'] === true, passwordEnv: values['password-env'], command: 'plan' });
  const run = await runPlanOnce(file, deps, {
    ...(requirements ? { requirements } : {}),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
  });
  if (values.json) out(JSON.stringify(run.plan, null, 2));
  else {
    for (const line of planText(run.plan)) out(line);
    if (run.savedTo) out(`Plan saved to ${run.savedTo}; apply exactly this with: ctha apply ${run.savedTo}`);
  }
  if (run.projectSaved) err(`${run.accepted.length} host key(s) accepted and pinned in ${run.plan.project.path}`);
  return planExitCode(run.plan);
}
