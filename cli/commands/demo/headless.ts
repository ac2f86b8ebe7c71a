// `ctha demo --headless`: the whole commissioning of the training lab through the contract, as the wizard
// would walk it, without a browser: no root, no sshd, no Electron (emulated hosts).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { blockerFailed } from '../../../engine/api/create-engine.js';
import type { CthaApi } from '../../../shared/contract/api.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import { readLabFile } from '../../../lab/orchestrator/lab-file.js';
import { err, out } from '../../output.js';
import { openEngineSession } from '../engine-session.js';
import { runLabDown } from '../lab/lab-down.js';
import { runLabUp } from '../lab/lab-up.js';
import { UsageError } from '../usage-error.js';
import { demoAnswerer } from './demo-answers.js';
import { demoLabArgs, demoProjectPath } from './demo-lab.js';
import { attestRequirement3, DEMO_ENGINEER } from './demo-attest.js';

/** What `ctha demo --headless` was asked for. */
export interface HeadlessDemoOptions {
  /** The folder for the lab, the work files and the report bundle (new or empty); default: a new temp folder. */
  readonly out?: string;
  /** Keep the lab running and every file (otherwise only the report bundle stays). */
  readonly keep: boolean;
  readonly addressBase: string;
}

/** One step's line of the closing summary. */
interface StepOutcome {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

// Folder names inside the out folder; only REPORT_DIR survives without --keep.
const LAB_DIR = 'lab';
const REPORT_DIR = 'report';
const SIGNING_DIR = 'signing';

/**
 * Starts the training lab in OUT/lab, then through the contract: pre-checks (the lab's host keys accepted
 * when they match lab.json, and said so), audit, grouped plan, rolling apply, probe, requirement 3 attested
 * by "Demo engineer", a report signed with a throwaway identity (OUT/signing, passphrase kept in memory
 * only), and its verification. Exit 0 only when the verified verdict is PASS; 2 when the flow ran but did
 * not pass; 1 when the lab did not start.
 */
export async function runHeadlessDemo(options: HeadlessDemoOptions): Promise<number> {
  const outDir = options.out === undefined ? await mkdtemp(join(tmpdir(), 'ctha-demo-')) : await emptyFolder(resolve(options.out));
  const labDir = join(outDir, LAB_DIR);
  const up = await runLabUp(demoLabArgs(labDir, options.addressBase));
  if (up !== 0) {
    if (!options.keep) await removeAllBut(outDir, []);
    return up;
  }
  const lab = await readLabFile(labDir);
  if (lab === undefined || lab.status !== 'running') throw new Error(`the demo lab in ${labDir} did not record itself as running`);
  const steps: StepOutcome[] = [];
  let reportDir: string | undefined;
  let verified = false;
  // The lab runs in a detached daemon: an interrupted demo stops it, which ends the flow's remote work
  // at once (refused connections), and the cleanup below runs as at the end of any run.
  let stopping: Promise<number> | undefined;
  const interrupted = (): void => {
    if (stopping !== undefined) return;
    err('Interrupted: stopping the demo lab.');
    stopping = runLabDown([labDir]);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    ({ reportDir, verified } = await commission(lab, outDir, steps));
  } catch (error) {
    steps.push({ step: 'stopped', ok: false, detail: error instanceof Error ? error.message : String(error) });
  } finally {
    out('');
    out('Summary of the training-lab commissioning (simulated hosts):');
    for (const entry of steps) out(`  ${entry.ok ? 'OK  ' : 'FAIL'}  ${entry.step.padEnd(11)} ${entry.detail}`);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    if (stopping === undefined) await finish(options.keep, outDir, labDir, reportDir);
    else if ((await stopping) === 0) await removeAllBut(outDir, []);
  }
  if (stopping !== undefined) return 130;
  return verified ? 0 : 2;
}

// The flow itself; every step's outcome goes into `steps`, the first failing one ends it.
async function commission(lab: LabFile, outDir: string, steps: StepOutcome[]): Promise<{ reportDir?: string; verified: boolean }> {
  const project = demoProjectPath(lab.options.dir);
  const balancerConf = join(lab.options.dir, 'balancer', 'bin', 'kl_balancer.conf');
  const signingHome = join(outDir, SIGNING_DIR);
  await mkdir(signingHome, { recursive: true, mode: 0o700 });
  // A throwaway signing identity: the engine's product identity kept under OUT/signing, locked with a
  // random passphrase that lives only in this process.
  const passphrase = randomBytes(24).toString('base64url');
  // The engine keeps it in the user's config folder (XDG_CONFIG_HOME; APPDATA on Windows): here, OUT/signing.
  const saved = { xdg: process.env['XDG_CONFIG_HOME'], appdata: process.env['APPDATA'] };
  process.env['XDG_CONFIG_HOME'] = signingHome;
  if (process.platform === 'win32') process.env['APPDATA'] = signingHome;
  const session = openEngineSession({
    command: 'demo',
    answer: demoAnswerer(lab, { identityFolder: signingHome, passphrase }, (line) => out(line)),
    // The steps' progress, not every remote command: the report bundle holds the whole transcript.
    progress: { json: false, transcript: false },
  });
  const step = (name: string, ok: boolean, detail: string): boolean => {
    steps.push({ step: name, ok, detail });
    out(`${ok ? 'OK  ' : 'FAIL'}  ${name}: ${detail}`);
    return ok;
  };
  try {
    return await walk(session.api, { lab, project, balancerConf, outDir, passphrase }, step);
  } finally {
    session.close();
    restoreEnv('XDG_CONFIG_HOME', saved.xdg);
    restoreEnv('APPDATA', saved.appdata);
  }
}

interface WalkContext {
  readonly lab: LabFile;
  readonly project: string;
  readonly balancerConf: string;
  readonly outDir: string;
  readonly passphrase: string;
}

async function walk(
  api: CthaApi,
  context: WalkContext,
  step: (name: string, ok: boolean, detail: string) => boolean,
): Promise<{ reportDir?: string; verified: boolean }> {
  const { project, balancerConf, outDir, lab } = context;
  const pre = await api['prechecks.run']({ path: project });
  const count = (status: string): number => pre.results.filter((result) => result.status === status).length;
  if (
    !step(
      'Pre-checks',
      !blockerFailed(pre.results),
      `${count('pass')} pass, ${count('fail')} fail, ${pre.pinned.length} host key(s) pinned`,
    )
  )
    return { verified: false };

  const audit = await api['audit.run']({ path: project, balancerConf });
  const counts = Object.entries(audit.report.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  // Drift is what the demo lab has on purpose: the audit step succeeds when every instance was read.
  const unread = audit.report.instances.filter((instance) => !instance.audited).map((instance) => instance.instance);
  if (
    !step('Audit', unread.length === 0, `${audit.report.verdict} (${counts})${unread.length > 0 ? `; not read: ${unread.join(', ')}` : ''}`)
  )
    return { verified: false };

  const planPath = join(outDir, 'plan.json');
  const planned = await api['plan.create']({ path: project, out: planPath, balancerConf });
  const plan = planned.plan;
  const groups = plan.groups.map((group) => `${group.instances.join('+')}: ${group.changes.length} change(s)`);
  const planErrors = plan.instances.filter((instance) => instance.status === 'error').map((instance) => instance.name);
  step('Plan', planErrors.length === 0, `${plan.groups.length} group(s) [${groups.join('; ')}], saved to ${planPath}`);
  for (const group of plan.groups) {
    out(`      == ${group.instances.join(', ')} ==`);
    for (const change of group.changes)
      out(`      -- ${change.relativePath}: ${change.kind} (${change.requirements.join(', ')})${change.restart ? ' [restart]' : ''}`);
  }
  if (planErrors.length > 0) return { verified: false };

  const applied = await api['apply.run']({ path: planPath, rolling: true, balancerConf, readyDeadlineMs: 120_000 });
  const outcomes = applied.report.instances.map((result) => `${result.instance} ${result.outcome}`).join(', ');
  const applyOk = applied.report.instances.every((result) => result.outcome === 'applied' || result.outcome === 'unchanged');
  if (!step('Apply', applyOk, `${applied.report.mode}: ${outcomes}`)) return { verified: false };

  const probe = await api['probe.run']({ path: project });
  if (!step('Probe', probe.ok, `${probe.passed} of ${probe.results.length} instance(s) answered the live probe`))
    return { verified: false };

  const attested = await attestRequirement3(
    api,
    project,
    lab.hosts.map((host) => host.instance.name),
    new Date(),
  );
  step('Attest', true, `requirement 3 attested by "${DEMO_ENGINEER}" on ${attested} instance(s) (training lab note)`);

  const reportDir = join(outDir, REPORT_DIR);
  const run = await api['report.run']({
    path: project,
    engineer: DEMO_ENGINEER,
    outDir: reportDir,
    identity: { kind: 'product' },
    applies: [{ report: applied.report, plan: applied.plan, source: 'the demo apply' }],
    plans: [plan],
    balancerConf,
    knownSecrets: [lab.credentials.password, context.passphrase],
  });
  const verdict = run.built.verdict;
  step('Report', true, `${verdict.outcome.toUpperCase()} - ${verdict.summary}; signed by ${run.built.signer.subject}`);
  for (const reason of verdict.reasons.slice(0, 5)) out(`      - ${reason}`);

  const verification = await api['report.verify']({ path: reportDir });
  const signed = verification.verdict?.outcome.toUpperCase() ?? 'none';
  step(
    'Verify',
    verification.ok,
    verification.ok
      ? `signature and files hold; signed verdict ${signed}`
      : `${verification.failure?.code}: ${verification.failure?.message}`,
  );
  const pass = verification.ok && verification.verdict?.outcome === 'pass';
  out(`Verdict: ${pass ? 'PASS' : signed} (verified)`);
  out(`Report:  ${reportDir}`);
  return { reportDir, verified: pass };
}

// Without --keep: the lab stopped, everything but the report bundle removed (and said where it is).
async function finish(keep: boolean, outDir: string, labDir: string, reportDir: string | undefined): Promise<void> {
  if (keep) {
    out(`Kept: the lab is still running (stop it with: ctha lab down ${labDir}); every file is in ${outDir}`);
    return;
  }
  const down = await runLabDown([labDir]);
  if (down !== 0) {
    err(`The demo lab in ${labDir} may not be fully stopped; run: ctha lab down ${labDir}`);
    return;
  }
  await removeAllBut(outDir, reportDir === undefined ? [] : [REPORT_DIR]);
  out(
    reportDir === undefined
      ? `No report was written; ${outDir} is cleaned up.`
      : `The lab is stopped; the report bundle is in ${reportDir}`,
  );
}

// The out folder must be new or empty: the demo removes what it wrote there, so it must not hold anything else.
async function emptyFolder(dir: string): Promise<string> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new UsageError(`--out ${dir}: ${error.message}`);
  });
  if (entries.length > 0)
    throw new UsageError(`--out ${dir} is not empty; give a new or empty folder (the demo cleans up what it writes there)`);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function removeAllBut(dir: string, keep: readonly string[]): Promise<void> {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!keep.includes(entry)) await rm(join(dir, entry), { recursive: true, force: true });
  }
  if (keep.length === 0) await rm(dir, { recursive: true, force: true });
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
