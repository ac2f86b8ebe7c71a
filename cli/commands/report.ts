import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { OperationOutput } from '../../shared/contract/operations.js';
import { ApiError } from '../../shared/contract/errors.js';
import type { Prompt, PromptAnswer } from '../../shared/contract/events.js';
import { formatIssues } from '../../shared/project/issues.js';
import { err, out } from '../output.js';
import type { PromptAnswerer } from './cli-run-deps.js';
import { cliPromptAnswererFromFlags, envFlagValue, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import type { EngineSession } from './engine-session.js';
import { openEngineSession } from './engine-session.js';
import { DEFAULT_PROBE_DEADLINE_MS } from '../../shared/probe/probe-port.js';
import { integerOption } from './probe.js';
import { readApplyReportFile, readPlanFiles } from './report-inputs.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

type IdentityChoice = { readonly kind: 'p12'; readonly path: string } | { readonly kind: 'product' };
type BuiltReport = OperationOutput<'report.build'>;
type ReportRun = OperationOutput<'report.run'>;
type ProbeEndpointChoice = ReportRun['endpoints'][number];

/** Usage of `ctha report` (for the help text). */
export const REPORT_USAGE = [
  'report <cluster.ctha.json> --engineer NAME --out DIR (--p12 FILE | --identity create) [--p12-pass-env VAR]',
  '       [--apply-report FILE]... [--plan FILE]... [--indicator VALUE] [--port N] [--deadline-ms N]',
  '       [--accept-host-key NAME=SHA256:...]... [--accept-new-host-keys] [--password-env VAR] [--balancer-conf FILE]',
  '       [--secret-env VAR]... [--json]',
  'report build --evidence FILE --out DIR (--p12 FILE | --identity create) [--p12-pass-env VAR] [--secret-env VAR]... [--json]',
].join('\n');

/**
 * `ctha report <cluster> ...`: runs the pre-checks, the audit and the live probe of a real cluster and
 * writes the signed report of what they found (with the given apply reports' changes); exit 0 written and
 * the verdict is pass, 2 written but not a pass, 1 error (nothing written).
 * `ctha report build ...`: builds and signs a bundle from an evidence input file; exit 0 written, 1 error.
 * Passphrases come from the variable named by --p12-pass-env or the terminal, never from argv; --secret-env
 * names variables holding other secrets (lab passwords) that must not be in the bundle.
 */
export async function runReport(args: readonly string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined) throw new UsageError(`report needs a project file or "build":\n${REPORT_USAGE}`);
  if (first === 'build') return runReportBuild(rest);
  // Project files are named *.ctha.json; any other bare word is a mistyped subcommand, not a file to open.
  if (first.startsWith('-') || first.toLowerCase().endsWith('.json')) return runClusterReport(args);
  throw new UsageError(`unknown report subcommand "${first}"`);
}

async function runReportBuild(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      evidence: { type: 'string' },
      out: { type: 'string' },
      p12: { type: 'string' },
      identity: { type: 'string' },
      'p12-pass-env': { type: 'string' },
      'secret-env': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`report build takes no positional arguments (got "${positionals[0] ?? ''}")`);
  if (values.evidence === undefined || values.out === undefined) throw new UsageError('report build needs --evidence FILE and --out DIR');
  const choice = identityChoice('report build', values.p12, values.identity);
  const secrets = (values['secret-env'] ?? []).map((name) => envFlagValue('--secret-env', name));

  const passEnv = values['p12-pass-env'];
  if (passEnv !== undefined) envFlagValue('--p12-pass-env', passEnv);
  const session = openEngineSession({ command: 'report build', answer: passphraseAnswerer(passEnv) });
  let built: BuiltReport;
  try {
    built = await session.api['report.build']({
      evidencePath: values.evidence,
      outDir: values.out,
      identity: choice,
      knownSecrets: secrets,
    });
  } catch (error) {
    // The evidence file's problems, located, as the command always named them.
    if (
      error instanceof ApiError &&
      error.code === 'invalid-input' &&
      error.issues !== undefined &&
      error.message.startsWith('the evidence input is not valid')
    ) {
      throw new Error(`${values.evidence} is not a valid evidence input:\n${formatIssues(error.issues)}`);
    }
    throw error;
  } finally {
    session.close();
  }
  signerNotes(built, undefined);
  if (values.json) {
    out(JSON.stringify(built, null, 2));
    return 0;
  }
  for (const line of bundleText(built)) out(line);
  return 0;
}

async function runClusterReport(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      engineer: { type: 'string' },
      out: { type: 'string' },
      p12: { type: 'string' },
      identity: { type: 'string' },
      'p12-pass-env': { type: 'string' },
      'apply-report': { type: 'string', multiple: true },
      plan: { type: 'string', multiple: true },
      indicator: { type: 'string' },
      port: { type: 'string' },
      'deadline-ms': { type: 'string' },
      ...RUN_FLAG_OPTIONS,
      'balancer-conf': { type: 'string' },
      'secret-env': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  // Everything that can be refused is refused before any host is contacted.
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`report takes exactly one project file (or "build"):\n${REPORT_USAGE}`);
  const engineer = values.engineer?.trim() ?? '';
  if (engineer === '') throw new UsageError('report needs --engineer NAME: the report names who ran the commissioning and signs it');
  if (values.out === undefined) throw new UsageError('report needs --out DIR (a new or empty folder for the bundle)');
  const choice = identityChoice('report', values.p12, values.identity);
  const fallbackPort = values.port === undefined ? undefined : integerOption('--port', values.port, 0, 1, 65535);
  const deadlineMs = integerOption('--deadline-ms', values['deadline-ms'], DEFAULT_PROBE_DEADLINE_MS, 100, 60_000);
  const indicator = values.indicator;
  if (indicator !== undefined && (indicator.trim() === '' || /[\r\n]/.test(indicator)))
    throw new UsageError('--indicator expects one non-empty value on one line');
  const secrets = (values['secret-env'] ?? []).map((name) => envFlagValue('--secret-env', name));
  const sshAnswer = cliPromptAnswererFromFlags(values, 'report');
  if (values['password-env'] !== undefined) secrets.push(envFlagValue('--password-env', values['password-env']));
  const passEnv = values['p12-pass-env'];
  if (passEnv !== undefined) envFlagValue('--p12-pass-env', passEnv);

  let keyPaths: Promise<ReadonlySet<string>> | undefined;
  // The signing identity's passphrase comes from --p12-pass-env; an SSH key's from the login rules (--password-env).
  const answer = async (prompt: Prompt): Promise<PromptAnswer> => {
    if (prompt.kind !== 'passphrase') return sshAnswer(prompt);
    keyPaths ??= sshKeyPaths(session, file);
    return (await keyPaths).has(resolve(prompt.keyPath)) ? sshAnswer(prompt) : passphraseAnswerer(passEnv)(prompt);
  };
  const session = openEngineSession({ command: 'report', answer, progress: { json: values.json === true } });
  let run: ReportRun;
  try {
    const applies = await Promise.all((values['apply-report'] ?? []).map((path) => readApplyReportFile(path, session.api)));
    const plans = await readPlanFiles(values.plan ?? [], session.api);
    run = await session.api['report.run']({
      path: file,
      engineer,
      outDir: values.out,
      identity: choice,
      applies: applies.map((entry) => ({
        report: entry.report,
        source: entry.path,
        ...(entry.plan === undefined ? {} : { plan: entry.plan }),
      })),
      plans,
      deadlineMs,
      ...(fallbackPort === undefined ? {} : { fallbackPort }),
      ...(indicator === undefined ? {} : { indicator }),
      ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
      knownSecrets: secrets,
    });
  } finally {
    session.close();
  }
  const { built } = run;
  signerNotes(built, engineer);
  const code = built.verdict.outcome === 'pass' ? 0 : 2;
  if (values.json) {
    out(JSON.stringify({ project: run.project, pinned: run.pinned, endpoints: run.endpoints, ...built }, null, 2));
    return code;
  }
  for (const line of runText(run)) out(line);
  out('');
  for (const line of bundleText(built)) out(line);
  for (const reason of built.verdict.reasons.slice(0, 10)) out(`  - ${reason}`);
  if (built.verdict.reasons.length > 10) out(`  ... and ${built.verdict.reasons.length - 10} more (evidence.json, verdict.reasons)`);
  return code;
}

// The key files the project's instances log in with: their passphrases follow the login rules, not --p12-pass-env.
async function sshKeyPaths(session: EngineSession, file: string): Promise<ReadonlySet<string>> {
  const { project } = await session.api['project.open']({ path: file });
  return new Set(project.instances.flatMap((instance) => (instance.auth.method === 'key' ? [resolve(instance.auth.keyPath)] : [])));
}

function identityChoice(command: string, p12: string | undefined, identity: string | undefined): IdentityChoice {
  if ((p12 === undefined) === (identity === undefined))
    throw new UsageError(`${command} needs exactly one of --p12 FILE or --identity create`);
  if (identity !== undefined && identity !== 'create' && identity !== 'product') {
    throw new UsageError(`--identity takes "create" (the product's own certificate, created on first use), not "${identity}"`);
  }
  return p12 !== undefined ? { kind: 'p12', path: p12 } : { kind: 'product' };
}

// What the signing identity said: warnings, and that it was created (the engineer must keep its passphrase).
function signerNotes(built: BuiltReport, engineer: string | undefined): void {
  for (const warning of built.warnings) err(`warning: ${warning}`);
  // A created identity is named after the engineer: its common name is the evidence's engineer.
  const name = engineer ?? /(?:^|[,/]\s*)CN=([^,/]+)/.exec(built.signer.subject)?.[1] ?? built.signer.subject;
  if (built.identityCreated) err(`Created a signing identity for "${name}" (self-signed RSA 3072), kept passphrase-protected.`);
}

// What the run found, before the bundle: the engineer sees why the verdict is what it is.
function runText(run: ReportRun): string[] {
  const lines: string[] = [];
  if (run.projectSaved) lines.push(`${run.pinned.length} host key(s) accepted and pinned in ${run.project}`);
  const count = (status: string): number => run.prechecks.filter((result) => result.status === status).length;
  lines.push(`Pre-checks: ${count('pass')} pass, ${count('fail')} fail, ${count('skipped')} skipped`);
  for (const result of run.prechecks.filter((entry) => entry.status === 'fail'))
    lines.push(`  FAIL ${result.severity} ${result.check}${result.instance ? ` on ${result.instance}` : ''}: ${result.evidence}`);
  const counts = Object.entries(run.audit.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  lines.push(`Audit: ${run.audit.verdict} (${counts})`);
  lines.push('Probe:');
  for (const endpoint of run.endpoints) lines.push(`  ${probeLine(endpoint, run)}`);
  for (const note of run.probe?.notes ?? []) lines.push(`  note: ${note}`);
  return lines;
}

function probeLine(endpoint: ProbeEndpointChoice, run: ReportRun): string {
  if (endpoint.port === undefined)
    return `NOT PROBED ${endpoint.instance}: input port unknown (${endpoint.evidence}); --port N probes it anyway`;
  const result = run.probe?.results.find((entry) => entry.instance === endpoint.instance);
  const where = `${endpoint.host}:${endpoint.port} (${endpoint.source === 'discovered' ? 'InputSettings port' : `--port, not discovered: ${endpoint.evidence}`})`;
  if (result === undefined) return `NOT PROBED ${endpoint.instance} ${where}`;
  if (result.ok)
    return `PASS ${endpoint.instance} ${where}: PONG ${result.latencies.pongMs} ms, LookupFinished ${result.latencies.lookupFinishedMs} ms`;
  return `FAIL ${endpoint.instance} ${where}: ${result.failure?.kind}: ${result.failure?.message}`;
}

function bundleText(built: BuiltReport): string[] {
  return [
    `Report bundle written to ${built.outDir}`,
    ...built.files.map((file) => `  ${file.name.padEnd(18)} ${String(file.bytes).padStart(9)} bytes  SHA-256 ${file.sha256}`),
    `Verdict: ${built.verdict.outcome.toUpperCase()} - ${built.verdict.summary}`,
    `Signed by ${built.signer.subject}`,
    `Certificate SHA-256 ${built.signer.sha256Fingerprint}`,
    `Signed at ${built.signedAt} (this computer's clock; no trusted timestamp)`,
  ];
}

// The identity's passphrase from the named variable, else from the terminal, never from argv.
function passphraseAnswerer(envName: string | undefined): PromptAnswerer {
  return async (prompt) => {
    if (prompt.kind !== 'passphrase') throw new Error(`unexpected ${prompt.kind} prompt`);
    const secret =
      envName !== undefined ? envFlagValue('--p12-pass-env', envName) : await readSecretFromTerminal(`Passphrase for ${prompt.keyPath}: `);
    return { kind: 'passphrase', secret };
  };
}
