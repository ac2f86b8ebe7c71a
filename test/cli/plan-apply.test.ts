// `ctha plan` and `ctha apply` as their command functions, on an emulated lab (127.0.99.10-12, this file only):
// exit codes, --steps, --out, --json, the confirmation on a terminal and the refusal without one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../cli/commands/apply.js';
import type { ApplyTerminal } from '../../cli/commands/apply.js';
import { runPlan } from '../../cli/commands/plan.js';
import { UsageError } from '../../cli/commands/usage-error.js';
import { sha256Hex } from '../../engine/hosts/dialect/index.js';
import { BALANCER_FILES } from '../../lab/trees/balancer-conf.js';
import type { ApplyReport } from '../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../shared/plan/plan-document.js';
import type { TestLab } from '../support/lab.js';
import { startLab } from '../support/lab.js';
import { acceptHostKeyFlags } from './accept-host-keys.js';

const ENV = 'CTHA_PLAN_APPLY_TEST_PASSWORD';
let lab: TestLab;
let balancerConf: string;
let planPath: string;
const WIN_CONF = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf';

async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

/** A terminal that answers every question with `answer` and records the questions. */
function terminal(interactive: boolean, answer = 'no'): ApplyTerminal & { questions: string[] } {
  const questions: string[] = [];
  return { interactive, questions, ask: (question) => (questions.push(question), Promise.resolve(answer)) };
}

const common = (): string[] => ['--password-env', ENV, '--balancer-conf', balancerConf];
const winConf = (): Buffer => readFileSync(lab.local('ct-win-1', WIN_CONF));

beforeAll(() => {
  lab = startLab('127.0.99.10', ['--linux', '1', '--windows', '1', '--version', '5.1', '--drift', 'default']);
  balancerConf = join(lab.dir, 'balancer', ...BALANCER_FILES.conf);
  planPath = join(lab.dir, 'plan.json');
  process.env[ENV] = lab.file.credentials.password;
}, 240_000);
afterAll(() => lab?.down(), 60_000);
afterEach(() => vi.restoreAllMocks());

describe('ctha plan', () => {
  it('refuses a bad --steps list before connecting', async () => {
    await expect(runPlan([lab.file.projectPath, '--steps', '1,9'])).rejects.toThrow(UsageError);
    await expect(runPlan([lab.file.projectPath, '--steps', '1,9'])).rejects.toThrow('unknown step "9"');
  });

  it('without accepted host keys the reference cannot be read: an error (ctha exits 1), nothing pinned', async () => {
    await expect(capture(() => runPlan([lab.file.projectPath, ...common()]))).rejects.toThrow(
      /the reference instance ct-linux-1 could not be read \(.*was not accepted in the host-key review/,
    );
    expect(JSON.parse(readFileSync(lab.file.projectPath, 'utf8')).hostKeys).toEqual([]);
  }, 60_000);

  it('--steps 8 plans only requirement 8 (exit 2)', async () => {
    const run = await capture(() =>
      runPlan([lab.file.projectPath, '--steps', '8', '--json', '--accept-new-host-keys', ...acceptHostKeyFlags(lab.file), ...common()]),
    );
    expect(run.code, run.stderr).toBe(2);
    const plan = JSON.parse(run.stdout) as PlanDocument;
    expect(plan.requirements).toEqual(['req8']);
    const changes = plan.instances.flatMap((instance) => instance.changes);
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.flatMap((change) => change.requirements))).toEqual(new Set(['req8']));
    expect(run.stderr).toContain('host key(s) accepted and pinned');
  }, 60_000);

  it('--out saves the plan and the text shows grouped diffs (exit 2)', async () => {
    const run = await capture(() => runPlan([lab.file.projectPath, '--out', planPath, ...common()]));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toContain('== ct-win-1 (1 instance) ==');
    expect(run.stdout).toContain('-- bin/kl_feed_service.conf: edit');
    expect(run.stdout).toContain('[service restart]');
    expect(run.stdout).toContain(`Plan saved to ${planPath}; apply exactly this with: ctha apply ${planPath}`);
    expect((JSON.parse(readFileSync(planPath, 'utf8')) as PlanDocument).instances.map((instance) => instance.changes.length > 0)).toEqual([
      false,
      true,
    ]);
  }, 60_000);
});

describe('ctha apply', () => {
  it('without --yes and without a terminal it refuses before touching anything', async () => {
    const before = sha256Hex(winConf());
    await expect(runApply([planPath, ...common()], terminal(false))).rejects.toThrow('pass --yes');
    expect(sha256Hex(winConf())).toBe(before);
  });

  it('on a terminal it shows the plan and asks; "no" changes nothing (exit 1)', async () => {
    const before = sha256Hex(winConf());
    const asked = terminal(true, 'no');
    const run = await capture(() => runApply([planPath, ...common()], asked));
    expect(run.code).toBe(1);
    // Rolling is the default and the question says so, naming the reference that goes last.
    expect(asked.questions).toEqual([
      'Apply these changes (rolling: one instance at a time, the reference ct-linux-1 last)? Type "yes" to go on: ',
    ]);
    expect(run.stdout).toContain('== ct-win-1 (1 instance) ==');
    expect(run.stderr).toContain('Apply cancelled; nothing was changed.');
    expect(sha256Hex(winConf())).toBe(before);
  }, 60_000);

  it('a file changed since the plan refuses that instance (exit 2) and leaves it as it is', async () => {
    const original = winConf();
    const edited = Buffer.concat([original, Buffer.from('<!-- edited by hand -->\r\n')]);
    writeFileSync(lab.local('ct-win-1', WIN_CONF), edited);
    try {
      const run = await capture(() => runApply([planPath, '--yes', '--json', ...common()], terminal(false)));
      expect(run.code).toBe(2);
      const { report } = JSON.parse(run.stdout) as { report: ApplyReport };
      expect(report.mode).toBe('rolling');
      expect(report.instances.find((result) => result.instance === 'ct-win-1')?.message).toContain(
        `stale plan: ${WIN_CONF} changed since the plan was made`,
      );
      expect(winConf().equals(edited)).toBe(true);
    } finally {
      writeFileSync(lab.local('ct-win-1', WIN_CONF), original);
    }
  }, 60_000);

  it('--rolling and --parallel together are refused before anything is touched; a bad --ready-deadline-ms too', async () => {
    const before = sha256Hex(winConf());
    await expect(runApply([planPath, '--yes', '--rolling', '--parallel', ...common()], terminal(false))).rejects.toThrow(
      '--rolling and --parallel exclude each other',
    );
    await expect(runApply([planPath, '--yes', '--ready-deadline-ms', '10', ...common()], terminal(false))).rejects.toThrow(
      '--ready-deadline-ms expects an integer 1000-3600000, got "10"',
    );
    expect(sha256Hex(winConf())).toBe(before);
  });

  it('--yes --rolling applies the saved plan (exit 0); the same plan again and the cluster again change nothing', async () => {
    const run = await capture(() => runApply([planPath, '--yes', '--rolling', '--json', ...common()], terminal(false)));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const { report } = JSON.parse(run.stdout) as { report: ApplyReport };
    expect(report.mode).toBe('rolling');
    expect(report.instances.map((result) => [result.instance, result.outcome])).toEqual([
      ['ct-linux-1', 'unchanged'],
      ['ct-win-1', 'applied'],
    ]);
    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as PlanDocument;
    const conf = plan.instances[1]?.changes.find((change) => change.path === WIN_CONF);
    expect(sha256Hex(winConf())).toBe(conf?.afterSha256);

    const samePlan = await capture(() => runApply([planPath, '--yes', ...common()], terminal(false)));
    expect(samePlan.code).toBe(0);
    expect(samePlan.stdout).toContain('already holds the planned bytes');
    expect(samePlan.stdout).toContain('Nothing was changed.');
    const parallel = await capture(() => runApply([planPath, '--yes', '--parallel', '--json', ...common()], terminal(false)));
    expect(parallel.code).toBe(0);
    expect((JSON.parse(parallel.stdout) as { report: ApplyReport }).report.mode).toBe('parallel');

    // A terminal is not asked when there is nothing to change.
    const asked = terminal(true, 'no');
    const cluster = await capture(() => runApply([lab.file.projectPath, ...common()], asked));
    expect(cluster.code).toBe(0);
    expect(asked.questions).toEqual([]);
    expect(cluster.stdout).toContain('Nothing was changed.');
    const replan = await capture(() => runPlan([lab.file.projectPath, ...common()]));
    expect(replan.code).toBe(0);
    expect(replan.stdout).toContain('No changes planned');
  }, 180_000);
});
