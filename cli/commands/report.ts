import { parseArgs } from 'node:util';
import { readProjectFile, writeProjectFile } from '../../engine/project/project-file.js';
import type { BuiltReport } from '../../engine/report/build-report.js';
import { buildReport } from '../../engine/report/build-report.js';
import { readEvidenceInputFile } from '../../engine/report/evidence-input-file.js';
import type { AskPassphrase, IdentityChoice, ResolvedIdentity } from '../../engine/report/identity/resolve-identity.js';
import { resolveIdentity } from '../../engine/report/identity/resolve-identity.js';
import type { ProbeEndpointChoice, VerificationRun } from '../../engine/report/verification-run.js';
import { DEFAULT_VERIFICATION_PROBE_DEADLINE_MS, runVerification, verificationRunFacts } from '../../engine/report/verification-run.js';
import { checkOutputFolder } from '../../engine/report/write-bundle-dir.js';
import { formatIssues, issuesFromZod } from '../../shared/project/issues.js';
import { assembleEvidence } from '../../shared/report/assemble-evidence.js';
import { EvidenceInputSchema } from '../../shared/report/evidence.js';
import { err, out } from '../output.js';
import { cliRunDepsFromFlags, RUN_FLAG_OPTIONS } from './cli-run-deps.js';
import { integerOption } from './probe.js';
import { pairApplyReports, readApplyReportFile, readPlanFiles } from './report-inputs.js';
import { readSecretFromTerminal } from './secret-input.js';
import { UsageError } from './usage-error.js';

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
  const secrets = (values['secret-env'] ?? []).map((name) => fromEnv(name, '--secret-env'));

  const evidence = await readEvidenceInputFile(values.evidence);
  const parsed = EvidenceInputSchema.safeParse(evidence);
  if (!parsed.success) throw new Error(`${values.evidence} is not a valid evidence input:\n${formatIssues(issuesFromZod(parsed.error))}`);
  const resolved = await resolveSigner(choice, parsed.data.engineer.name, values['p12-pass-env']);
  const built = await buildReport({ evidence, signer: resolved.identity, outDir: values.out, knownSecrets: [...secrets, ...resolved.passphrases] });
  if (values.json) {
    out(JSON.stringify({ ...built, identityCreated: resolved.created, warnings: resolved.warnings }, null, 2));
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
  const deadlineMs = integerOption('--deadline-ms', values['deadline-ms'], DEFAULT_VERIFICATION_PROBE_DEADLINE_MS, 100, 60_000);
  const indicator = values.indicator;
  if (indicator !== undefined && (indicator.trim() === '' || /[\r\n]/.test(indicator))) throw new UsageError('--indicator expects one non-empty value on one line');
  const secrets = (values['secret-env'] ?? []).map((name) => fromEnv(name, '--secret-env'));
  if (values['password-env'] !== undefined) secrets.push(fromEnv(values['password-env'], '--password-env'));
  await checkOutputFolder(values.out);
  const opened = await readProjectFile(file);
  const applyFiles = await Promise.all((values['apply-report'] ?? []).map((path) => readApplyReportFile(path)));
  const plans = await readPlanFiles(values.plan ?? []);
  const applies = pairApplyReports(applyFiles, plans, opened.project.name);
  // The passphrase is asked before the run, so a wrong one does not waste it.
  const resolved = await resolveSigner(choice, engineer, values['p12-pass-env']);

  const deps = cliRunDepsFromFlags(values, 'report');
  const run = await runVerification(opened.project, deps, {
    deadlineMs,
    ...(fallbackPort === undefined ? {} : { fallbackPort }),
    ...(indicator === undefined ? {} : { indicator }),
    ...(values['balancer-conf'] === undefined ? {} : { balancerConf: values['balancer-conf'] }),
  });
  // The evidence states the project as it now stands, newly pinned keys included.
  const projectSha256 = run.accepted.length > 0 ? (await writeProjectFile(opened.path, run.project)).sha256 : opened.sha256;
  const evidence = assembleEvidence(verificationRunFacts(run, { engineer, projectSha256, applies, plans }));
  const built = await buildReport({ evidence, signer: resolved.identity, outDir: values.out, knownSecrets: [...secrets, ...run.secrets, ...resolved.passphrases] });
  const code = built.verdict.outcome === 'pass' ? 0 : 2;
  if (values.json) {
    out(JSON.stringify({ project: opened.path, pinned: run.accepted, endpoints: run.endpoints, ...built, identityCreated: resolved.created, warnings: resolved.warnings }, null, 2));
    return code;
  }
  for (const line of runText(run, opened.path)) out(line);
  out('');
  for (const line of bundleText(built)) out(line);
  for (const reason of built.verdict.reasons.slice(0, 10)) out(`  - ${reason}`);
  if (built.verdict.reasons.length > 10) out(`  ... and ${built.verdict.reasons.length - 10} more (evidence.json, verdict.reasons)`);
  return code;
}

function identityChoice(command: string, p12: string | undefined, identity: string | undefined): IdentityChoice {
  if ((p12 === undefined) === (identity === undefined)) throw new UsageError(`${command} needs exactly one of --p12 FILE or --identity create`);
  if (identity !== undefined && identity !== 'create' && identity !== 'product') {
    throw new UsageError(`--identity takes "create" (the product's own certificate, created on first use), not "${identity}"`);
  }
  return p12 !== undefined ? { kind: 'p12', path: p12 } : { kind: 'product' };
}

async function resolveSigner(choice: IdentityChoice, engineer: string, passEnv: string | undefined): Promise<ResolvedIdentity> {
  const resolved = await resolveIdentity(choice, engineer, passphraseSource(passEnv));
  for (const warning of resolved.warnings) err(`warning: ${warning}`);
  if (resolved.created) err(`Created a signing identity for "${engineer}" (self-signed RSA 3072), kept passphrase-protected.`);
  return resolved;
}

// What the run found, before the bundle: the engineer sees why the verdict is what it is.
function runText(run: VerificationRun, projectPath: string): string[] {
  const lines: string[] = [];
  if (run.accepted.length > 0) lines.push(`${run.accepted.length} host key(s) accepted and pinned in ${projectPath}`);
  const count = (status: string): number => run.prechecks.filter((result) => result.status === status).length;
  lines.push(`Pre-checks: ${count('pass')} pass, ${count('fail')} fail, ${count('skipped')} skipped`);
  for (const result of run.prechecks.filter((entry) => entry.status === 'fail')) lines.push(`  FAIL ${result.severity} ${result.check}${result.instance ? ` on ${result.instance}` : ''}: ${result.evidence}`);
  const counts = Object.entries(run.audit.counts).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`).join(', ');
  lines.push(`Audit: ${run.audit.verdict} (${counts})`);
  lines.push('Probe:');
  for (const endpoint of run.endpoints) lines.push(`  ${probeLine(endpoint, run)}`);
  for (const note of run.probe?.notes ?? []) lines.push(`  note: ${note}`);
  return lines;
}

function probeLine(endpoint: ProbeEndpointChoice, run: VerificationRun): string {
  if (endpoint.port === undefined) return `NOT PROBED ${endpoint.instance}: input port unknown (${endpoint.evidence}); --port N probes it anyway`;
  const result = run.probe?.results.find((entry) => entry.instance === endpoint.instance);
  const where = `${endpoint.host}:${endpoint.port} (${endpoint.source === 'discovered' ? 'InputSettings port' : `--port, not discovered: ${endpoint.evidence}`})`;
  if (result === undefined) return `NOT PROBED ${endpoint.instance} ${where}`;
  if (result.ok) return `PASS ${endpoint.instance} ${where}: PONG ${result.latencies.pongMs} ms, LookupFinished ${result.latencies.lookupFinishedMs} ms`;
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

function fromEnv(name: string, flag: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set`);
  return value;
}

// The passphrase from the named variable, else from the terminal (typed twice when it protects a new identity).
function passphraseSource(envName: string | undefined): AskPassphrase {
  return async ({ purpose, path }) => {
    if (envName !== undefined) return fromEnv(envName, '--p12-pass-env');
    if (purpose === 'unlock') return readSecretFromTerminal(`Passphrase for ${path}: `);
    const first = await readSecretFromTerminal(`New passphrase to protect ${path}: `);
    const second = await readSecretFromTerminal('Type it again: ');
    if (first !== second) throw new UsageError('the two passphrases differ; nothing was created');
    return first;
  };
}
