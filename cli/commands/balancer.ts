// `ctha balancer read|import`: kl_balancer.conf as facts, and a project's instances seeded from it.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { BalancerFacts } from '../../shared/contract/ops/audit.js';
import type { SeedHostSettingsSchema } from '../../shared/contract/ops/balancer-import.js';
import { AuthSchema, OsSchema, PrivilegeSchema } from '../../shared/project/schema.js';
import { err, out } from '../output.js';
import { RUN_FLAG_OPTIONS, cliPromptAnswererFromFlags } from './cli-run-deps.js';
import { openEngineSession } from './engine-session.js';
import { UsageError } from './usage-error.js';

/** `ctha balancer read ...` and `ctha balancer import ...`; exit 0 done, 1 error. */
export async function runBalancer(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'read':
      return readCommand(rest);
    case 'import':
      return importCommand(rest);
    default:
      throw new UsageError(
        sub === undefined ? 'balancer needs a subcommand: read or import' : `unknown balancer subcommand "${sub}" (read or import)`,
      );
  }
}

/** `ctha balancer read <kl_balancer.conf> | --project FILE [--json] [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR]`. */
async function readCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { project: { type: 'string' }, json: { type: 'boolean' }, ...RUN_FLAG_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length + (values.project === undefined ? 0 : 1) !== 1)
    throw new UsageError('balancer read takes either one kl_balancer.conf or --project FILE (read over SSH from its balancer)');
  const answer = cliPromptAnswererFromFlags(values, 'balancer read');
  const session = openEngineSession({ command: 'balancer read', answer, progress: { json: values.json === true } });
  const [file] = positionals;
  let result;
  try {
    result = await session.api['balancer.read'](file === undefined ? { path: values.project ?? '' } : { file });
  } finally {
    session.close();
  }
  if (values.json) out(JSON.stringify(result, null, 2));
  else if (result.facts) for (const line of describeBalancer(result.facts)) out(line);
  if (result.projectSaved) out(`${result.pinned.length} host key(s) accepted and pinned in ${values.project ?? ''}`);
  if (result.error !== undefined) {
    err(`ctha balancer read: ${result.error}`);
    return 1;
  }
  return 0;
}

/** kl_balancer.conf as text for people. */
export function describeBalancer(facts: BalancerFacts): string[] {
  const { balancer } = facts;
  const lines = [
    `${facts.source} (root ${facts.root}, sha256 ${facts.sha256})`,
    `Balancer ${balancer.address || '(no address)'}: matching_port ${balancer.matchingPort ?? '?'}, api_port ${balancer.apiPort ?? '?'}, cybertrace_port ${balancer.cybertracePort ?? '?'}, scanners_count ${balancer.scannersCount ?? '?'}`,
    `Instances (${facts.instances.length}):`,
    ...facts.instances.map((instance) => `  ${instance.host || '(no host)'} matching_port ${instance.matchingPort ?? '?'}`),
    ...facts.others.map(
      (other) => `${other.name}: ${other.text}${Object.keys(other.attributes).length > 0 ? ` ${JSON.stringify(other.attributes)}` : ''}`,
    ),
  ];
  for (const problem of facts.problems) lines.push(`problem: ${problem}`);
  return lines;
}

/**
 * `ctha balancer import <kl_balancer.conf> --project FILE --os OS --user NAME --auth METHOD [--key-path PATH]
 * --privilege P [--ssh-port N] [--service-dir DIR] [--name NAME]`: adds one instance per Balancer
 * Instance host the project lacks. kl_balancer.conf gives hosts only; the rest is the engineer's to say.
 */
async function importCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      project: { type: 'string' },
      os: { type: 'string' },
      user: { type: 'string' },
      auth: { type: 'string' },
      'key-path': { type: 'string' },
      privilege: { type: 'string' },
      'ssh-port': { type: 'string' },
      'service-dir': { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [conf, ...extra] = positionals;
  if (conf === undefined || extra.length > 0) throw new UsageError('balancer import takes exactly one kl_balancer.conf');
  const project = values.project;
  if (project === undefined) throw new UsageError('balancer import needs --project FILE (created when it does not exist)');
  const missing = (['os', 'user', 'auth', 'privilege'] as const).filter((flag) => values[flag] === undefined).map((flag) => `--${flag}`);
  if (missing.length > 0)
    throw new UsageError(
      `balancer import needs ${missing.join(', ')}: kl_balancer.conf names only hosts and ports, and the tool never guesses how to log in`,
    );
  const settings = hostSettings(values);
  const session = openEngineSession({ command: 'balancer import' });
  let seeded;
  try {
    seeded = await session.api['balancer.import']({
      path: project,
      balancerConf: conf,
      settings,
      ...(values.name === undefined ? {} : { name: values.name }),
    });
  } finally {
    session.close();
  }
  if (!seeded.ok) {
    if (seeded.error !== undefined) err(`ctha balancer import: ${seeded.error}`);
    for (const issue of seeded.issues) err(`${issue.path}: ${issue.message}`);
    if (seeded.error === undefined) err('ctha balancer import: nothing was written');
    return 1;
  }
  if (values.json) {
    out(
      JSON.stringify(
        {
          project,
          added: seeded.added.map((entry) => entry.name),
          skipped: seeded.skipped,
          written: seeded.written,
          problems: seeded.problems,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const problem of seeded.problems) err(`kl_balancer.conf: ${problem}`);
  const added = seeded.added;
  out(
    added.length > 0
      ? `Added ${added.length} instance(s) to ${project}: ${added.map((instance) => `${instance.name} (${instance.host})`).join(', ')}`
      : `No instance added to ${project}`,
  );
  for (const skipped of seeded.skipped) out(`Skipped ${skipped}`);
  if (seeded.created)
    out(`New project; reference instance: ${seeded.referenceInstance} (change referenceInstance if another one is the reference)`);
  if (added.length > 0)
    out('Every added instance has the same os, user, auth and privilege; edit those that differ before running ctha check.');
  return 0;
}

function hostSettings(values: {
  os?: string;
  user?: string;
  auth?: string;
  'key-path'?: string;
  privilege?: string;
  'ssh-port'?: string;
  'service-dir'?: string;
}): z.input<typeof SeedHostSettingsSchema> {
  const os = OsSchema.safeParse(values.os);
  if (!os.success) throw new UsageError(`--os: expected linux or windows, got ${JSON.stringify(values.os)}`);
  const privilege = PrivilegeSchema.safeParse(values.privilege);
  if (!privilege.success)
    throw new UsageError(`--privilege: expected root, sudo, sudo-password or administrator, got ${JSON.stringify(values.privilege)}`);
  const auth = AuthSchema.safeParse(values.auth === 'key' ? { method: 'key', keyPath: values['key-path'] } : { method: values.auth });
  if (!auth.success)
    throw new UsageError(
      values.auth === 'key'
        ? '--auth key needs --key-path PATH'
        : `--auth: expected password, agent, key or keyboard-interactive, got ${JSON.stringify(values.auth)}`,
    );
  if (values.auth !== 'key' && values['key-path'] !== undefined) throw new UsageError('--key-path goes with --auth key');
  const port = values['ssh-port'] === undefined ? undefined : Number(values['ssh-port']);
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    throw new UsageError(`--ssh-port: expected 1-65535, got ${JSON.stringify(values['ssh-port'])}`);
  return {
    os: os.data,
    user: values.user ?? '',
    auth: auth.data,
    privilege: privilege.data,
    ...(port === undefined ? {} : { port }),
    ...(values['service-dir'] === undefined ? {} : { serviceDir: values['service-dir'] }),
  };
}
