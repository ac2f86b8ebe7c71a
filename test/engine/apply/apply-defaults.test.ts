// HA-safe defaults of apply on an emulated lab (127.0.162.10-12): rolling unless asked otherwise, the
// reference last; parallel only when asked, then every instance at once; the readiness deadline is the
// run's option, else the project's readyDeadlineMs, else 5 minutes, for an apply and for a resume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, rollingOrder } from '../../../engine/steps/apply/apply-plan.js';
import { DEFAULT_READY_DEADLINE_MS, SimulatedInterruption } from '../../../engine/steps/apply/apply-types.js';
import type { ApplyOptions } from '../../../engine/steps/apply/apply-types.js';
import { resumePending } from '../../../engine/steps/apply/resume-pending.js';
import { ApplyJournal } from '../../../engine/steps/journal/apply-journal.js';
import { readProjectFile } from '../../../engine/project/project-file.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRun } from '../../../engine/steps/run/run-types.js';
import { planApplyOperations, readyDeadlineInEffect } from '../../../shared/contract/ops/plan-apply.js';
import type { ApplyReport, InstanceApplyResult } from '../../../shared/plan/apply-report.js';
import type { PlanDocument } from '../../../shared/plan/plan-document.js';
import { runDeps } from '../audit/run-deps.js';
import type { HandEdit } from './lab-fixture.js';
import type { TestLab } from '../../support/lab.js';
import { handPlan, replaceOnce } from './lab-fixture.js';
import { startLab } from '../../support/lab.js';

const A = '<RecordFieldContextFormat>%ParamName%=%ParamValue%</RecordFieldContextFormat>';
const B = '<RecordFieldContextFormat>%ParamName%: %ParamValue%</RecordFieldContextFormat>';
const NAMES = ['ct-linux-1', 'ct-linux-2', 'ct-win-1'];
const edits = (from: string, to: string): HandEdit[] =>
  NAMES.map((instance) => ({ instance, path: (files) => files.serviceConf, edit: replaceOnce(from, to), restart: true }));

describe('apply defaults without a lab', () => {
  it('the contract applies rolling unless told otherwise, and takes no deadline by default', () => {
    const input = planApplyOperations['apply.run'].input.parse({ path: 'x.plan.json' });
    expect(input.rolling).toBe(true);
    expect(input.readyDeadlineMs).toBeUndefined();
    expect(planApplyOperations['apply.run'].input.parse({ path: 'x', rolling: false }).rolling).toBe(false);
    expect(planApplyOperations['apply.run'].input.safeParse({ path: 'x', readyDeadlineMs: 3_600_001 }).success).toBe(false);
  });

  it('the deadline in effect is the run option, else the project, else 5 minutes, and says which', () => {
    expect(DEFAULT_READY_DEADLINE_MS).toBe(300_000);
    expect(readyDeadlineInEffect(20_000, 45_000)).toEqual({ ms: 20_000, source: 'run' });
    expect(readyDeadlineInEffect(undefined, 45_000)).toEqual({ ms: 45_000, source: 'project' });
    expect(readyDeadlineInEffect(undefined, undefined)).toEqual({ ms: 300_000, source: 'default' });
  });

  it('the rolling order keeps the plan order with the reference moved last', () => {
    const planned = (name: string): PlanDocument['instances'][number] => ({ name }) as PlanDocument['instances'][number];
    const order = rollingOrder({ referenceInstance: 'b', instances: ['a', 'b', 'c', 'd'].map(planned) }).map((instance) => instance.name);
    expect(order).toEqual(['a', 'c', 'd', 'b']);
  });
});

describe('apply defaults on an emulated lab', () => {
  let lab: TestLab;
  beforeAll(() => {
    lab = startLab('127.0.162.10', ['--linux', '2', '--windows', '1', '--backend', 'emulated', '--version', '4.4', '--drift', 'none']);
  }, 240_000);
  afterAll(() => lab?.down(), 60_000);

  /** Opens a run over the lab's project, with readyDeadlineMs set in the project when given. */
  async function openRun(projectDeadlineMs?: number): Promise<ClusterRun> {
    const opened = await readProjectFile(lab.file.projectPath);
    const project = projectDeadlineMs === undefined ? opened.project : { ...opened.project, readyDeadlineMs: projectDeadlineMs };
    return openClusterRun(project, runDeps(lab.file.credentials.password).deps, { reviewWindowMs: 500 });
  }

  async function applyWith(run: ClusterRun, from: string, to: string, options: ApplyOptions): Promise<ApplyReport> {
    const plan = await handPlan(run, lab, edits(from, to));
    return applyPlan({ run, plan, planSource: 'saved', journal: await ApplyJournal.open(lab.file.projectPath), options });
  }

  const span = (result: InstanceApplyResult): { start: number; end: number } => ({
    start: Date.parse(result.startedAt),
    end: Date.parse(result.startedAt) + result.durationMs,
  });
  const readyDetail = (report: ApplyReport, name: string): string | undefined =>
    report.instances.find((result) => result.instance === name)?.steps.find((step) => step.step === 'ready')?.detail;

  it('with no mode given the apply is rolling: one instance after the other, the reference last; the run deadline is used', async () => {
    const run = await openRun(45_000);
    try {
      const report = await applyWith(run, A, B, { readyDeadlineMs: 20_000 });
      expect(report.mode).toBe('rolling');
      expect(report.instances.map((result) => [result.instance, result.outcome])).toEqual(NAMES.map((name) => [name, 'applied']));
      const [reference, second, windows] = report.instances.map(span);
      if (!reference || !second || !windows) throw new Error('missing results');
      // ct-linux-2, then ct-win-1, then the reference ct-linux-1: each starts once the previous has ended (1 ms of rounding).
      expect(windows.start).toBeGreaterThanOrEqual(second.end - 1);
      expect(reference.start).toBeGreaterThanOrEqual(windows.end - 1);
      for (const name of NAMES) expect(readyDetail(report, name)).toMatch(/\(deadline 20000 ms, asked for this run\)$/);
    } finally {
      await run.close();
    }
  }, 120_000);

  it('parallel only when asked: every instance starts before any has finished; the project deadline is used', async () => {
    const run = await openRun(45_000);
    try {
      const report = await applyWith(run, B, A, { rolling: false });
      expect(report.mode).toBe('parallel');
      expect(report.instances.map((result) => result.outcome)).toEqual(['applied', 'applied', 'applied']);
      const spans = report.instances.map(span);
      expect(Math.max(...spans.map((entry) => entry.start))).toBeLessThan(Math.min(...spans.map((entry) => entry.end)));
      for (const name of NAMES) expect(readyDetail(report, name)).toMatch(/\(deadline 45000 ms, the project's readyDeadlineMs\)$/);
    } finally {
      await run.close();
    }
  }, 120_000);

  it('without a run option or a project value the deadline is 5 minutes', async () => {
    const run = await openRun();
    try {
      const report = await applyWith(run, A, B, {});
      for (const name of NAMES) expect(readyDetail(report, name)).toMatch(/\(deadline 300000 ms, the default\)$/);
    } finally {
      await run.close();
    }
  }, 120_000);

  it("a resumed restart waits as long as the project's readyDeadlineMs says", async () => {
    const run = await openRun(40_000);
    try {
      const interrupt: ApplyOptions = {
        hooks: {
          beforeStep: (_instance, step) => {
            if (step === 'start') throw new SimulatedInterruption('killed');
          },
        },
      };
      const plan = await handPlan(
        run,
        lab,
        edits(B, A).filter((edit) => edit.instance === 'ct-linux-2'),
      );
      const journal = await ApplyJournal.open(lab.file.projectPath);
      const interrupted = await applyPlan({ run, plan, planSource: 'saved', journal, options: interrupt });
      expect(interrupted.instances.find((result) => result.instance === 'ct-linux-2')?.outcome).toBe('interrupted');
      const resumed = (await resumePending(run, await ApplyJournal.open(lab.file.projectPath), {})).get('ct-linux-2');
      expect(resumed?.outcome, resumed?.message).toBe('completed');
      expect(resumed?.steps.find((step) => step.step === 'ready')?.detail).toMatch(/\(deadline 40000 ms\)$/);
    } finally {
      await run.close();
    }
  }, 120_000);
});
