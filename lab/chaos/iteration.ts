// One chaos iteration: reset, drift, plan, deal the fault, apply (cut where the scenario says), resume
// with a second apply when the first left work in the journal, then check every invariant.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pingReplyBack } from '../../engine/probe/replyback-ping.js';
import { SimulatedInterruption } from '../../engine/steps/apply/apply-types.js';
import type { ApplyHooks } from '../../engine/steps/apply/apply-types.js';
import { runApplyOnce } from '../../engine/steps/apply/run-apply.js';
import { journalPathFor } from '../../engine/steps/journal/apply-journal.js';
import { runPlanOnce } from '../../engine/steps/plan/run-plan.js';
import type { ClusterRunDeps } from '../../engine/steps/run/run-types.js';
import type { ApplyReport, InstanceApplyResult } from '../../shared/plan/apply-report.js';
import type { PlanDocument, PlannedChange } from '../../shared/plan/plan-document.js';
import type { ChaosCluster, ChaosLab } from './chaos-lab.js';
import { readHostFiles } from './host-files.js';
import type { ApplyRunEvidence, HostFiles, Violation } from './invariants.js';
import { checkInstance } from './invariants.js';
import type { Scenario } from './scenario.js';

/** Bounds of the engine's runs in the chaos lab: short, so a silent host costs seconds, not minutes. */
export const CHAOS_TIMEOUTS = { readyMs: 1_500, commandMs: 8_000 } as const;
const READY_DEADLINE_MS = 5_000;

/** What one iteration did and found. */
export interface IterationResult {
  readonly violations: readonly Violation[];
  /** Outcomes of the instances the plan changed, first apply then `second: ` ones (`(resume X)` when it resumed the journal), and whole-run refusals. */
  readonly outcomes: readonly string[];
  readonly plannedChanges: number;
  readonly cutFired: boolean;
  readonly secondApply: boolean;
  /** Wall time of each phase (reset, plan, fault, apply, second, check), in ms. */
  readonly phases: Readonly<Record<string, number>>;
  /** Things seen that break no invariant but deserve a line (disclosed unverified backups). */
  readonly notes: readonly string[];
  /** The plans and reports, for a failure's dump. */
  readonly evidence: { readonly plans: readonly PlanDocument[]; readonly reports: readonly ApplyReport[] };
}

/** Runs one scenario on the lab. */
export async function runIteration(lab: ChaosLab, scenario: Scenario, iteration: number): Promise<IterationResult> {
  const cluster = lab.clusters.find((candidate) => candidate.shape.name === scenario.cluster);
  if (!cluster) throw new Error(`no cluster ${scenario.cluster}`);
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const lap = (name: string): void => {
    phases[name] = (phases[name] ?? 0) + Date.now() - mark;
    mark = Date.now();
  };
  await lab.reset(cluster, scenario.drift);
  lap('reset');
  const deps = passwordDeps(lab.password);
  const original = observe(cluster);

  const planPath = join(dirname(cluster.projectPath), 'plans', `plan-${iteration}.json`);
  const plans: PlanDocument[] = [];
  if (scenario.planning === 'saved') {
    await mkdir(dirname(planPath), { recursive: true });
    try {
      plans.push((await runPlanOnce(cluster.projectPath, deps, { out: planPath, timeouts: CHAOS_TIMEOUTS })).plan);
      lap('plan');
    } catch (error) {
      return {
        violations: [{ instance: '*', kind: 'apply-error', detail: `plan threw: ${message(error)}` }],
        outcomes: ['plan-error'],
        plannedChanges: 0,
        cutFired: false,
        secondApply: false,
        phases,
        notes: [],
        evidence: { plans: [], reports: [] },
      };
    }
  }
  const target = scenario.planning === 'saved' ? planPath : cluster.projectPath;

  if (scenario.fault) {
    const host = cluster.hosts.find((candidate) => candidate.instance.name === scenario.fault?.instance);
    if (!host) throw new Error(`no host ${scenario.fault.instance}`);
    if (scenario.fault.spec.kind === 'refuse-start') host.service.armRefuseStart();
    else await lab.setFault(host, scenario.fault.spec);
  }
  let cutFired = false;
  const hooks: ApplyHooks | undefined = scenario.cut && cutHook(scenario.cut, () => (cutFired = true));

  const violations: Violation[] = [];
  const runs = new Map<string, ApplyRunEvidence[]>(cluster.hosts.map((host) => [host.instance.name, []]));
  const results: { label: string; result: InstanceApplyResult }[] = [];
  const refusals: string[] = [];
  const apply = async (label: string, withHooks: boolean): Promise<ApplyReport | undefined> => {
    const before = observe(cluster);
    try {
      const { report, plan } = await runApplyOnce(target, deps, {
        readyDeadlineMs: READY_DEADLINE_MS,
        rolling: scenario.rolling,
        timeouts: CHAOS_TIMEOUTS,
        ...(withHooks && hooks ? { hooks } : {}),
      });
      const after = observe(cluster);
      if (!report) throw new Error('no report (confirmation declined?)');
      if (scenario.planning === 'fresh') plans.push(plan);
      for (const result of report.instances) {
        runs
          .get(result.instance)
          ?.push({ result, before: before.get(result.instance) ?? new Map(), after: after.get(result.instance) ?? new Map() });
        results.push({ label, result });
      }
      return report;
    } catch (error) {
      // A run refused as a whole (the reference unreadable, a bad plan) must have touched nothing: then it
      // is an outcome; a throw after any host changed leaves changes no report describes.
      const after = observe(cluster);
      const touched = cluster.hosts
        .filter((host) => !sameFiles(before.get(host.instance.name), after.get(host.instance.name)))
        .map((host) => host.instance.name);
      if (touched.length > 0)
        violations.push({
          instance: touched.join(','),
          kind: 'apply-error',
          detail: `${label || 'first '}apply threw after changing files no report describes: ${message(error)}`,
        });
      refusals.push(`${label}run refused${touched.length > 0 ? ' after writing' : ''}`);
      return undefined;
    }
  };

  lap('fault');
  const first = await apply('', true);
  lap('apply');
  const secondApply = first === undefined || first.journal.pending.length > 0;
  let last = first;
  if (secondApply) {
    // The next run, on hosts that are healthy again: it resumes what the journal holds, then applies the plan.
    for (const host of cluster.hosts) {
      host.service.disarm();
      if (host.fault) await lab.setFault(host, undefined);
    }
    last = await apply('second: ', false);
    lap('second');
  }
  // The first plan says what the iteration changes; a later fresh plan adds only what the first did not cover.
  const planned = (name: string): PlannedChange[] => {
    const byPath = new Map<string, PlannedChange>();
    for (const plan of plans) {
      for (const change of plan.instances.find((instance) => instance.name === name)?.changes ?? []) {
        if (!byPath.has(`${change.kind} ${change.path}`)) byPath.set(`${change.kind} ${change.path}`, change);
      }
    }
    return [...byPath.values()];
  };
  const outcomes = results
    .filter(({ result }) => planned(result.instance).length > 0 || result.resumed)
    .map(({ label, result }) => `${label}${result.outcome}${result.resumed ? ` (resume ${result.resumed.outcome})` : ''}`);
  outcomes.push(...refusals);

  const final = observe(cluster);
  const notes: string[] = [];
  for (const host of cluster.hosts) {
    const name = host.instance.name;
    const pong = await answersPong(host.instance.address, host.instance.inputPort);
    violations.push(
      ...checkInstance(
        {
          instance: name,
          os: host.instance.os,
          before: original.get(name) ?? new Map(),
          after: final.get(name) ?? new Map(),
          changes: planned(name),
          runs: runs.get(name) ?? [],
          pong,
        },
        notes,
      ),
    );
  }
  lap('check');
  for (const pending of last?.journal.pending ?? [])
    violations.push({
      instance: pending,
      kind: 'journal-pending',
      detail: 'the journal still lists this instance after the resuming apply',
    });
  // Also when no report said so (both applies refused as a whole): the file itself must be gone.
  if (last === undefined && existsSync(journalPathFor(cluster.projectPath)))
    violations.push({
      instance: '*',
      kind: 'journal-pending',
      detail: `${journalPathFor(cluster.projectPath)} is left after the last apply`,
    });
  return {
    violations,
    outcomes,
    plannedChanges: plans[0]?.summary.changes ?? 0,
    cutFired,
    secondApply,
    phases,
    notes,
    evidence: {
      plans,
      reports: [first, last === first ? undefined : last].filter((report): report is ApplyReport => report !== undefined),
    },
  };
}

/** Answers every password prompt with the lab's password; anything else (a new host key) is refused. */
export function passwordDeps(password: string): ClusterRunDeps {
  return {
    ask: (question) =>
      question.kind === 'password'
        ? (Promise.resolve({ kind: 'password', secret: password }) as never)
        : Promise.reject(new Error(`chaos: unexpected ${question.kind} prompt`)),
  };
}

function observe(cluster: ChaosCluster): Map<string, HostFiles> {
  return new Map(cluster.hosts.map((host) => [host.instance.name, readHostFiles(host.instance)]));
}

function sameFiles(a: HostFiles | undefined, b: HostFiles | undefined): boolean {
  if (!a || !b || a.size !== b.size) return a === b;
  for (const [path, sha] of a) if (b.get(path) !== sha) return false;
  return true;
}

function cutHook(cut: NonNullable<Scenario['cut']>, fired: () => void): ApplyHooks {
  let seen = 0;
  let done = false;
  return {
    beforeStep: (instance, step) => {
      if (done || instance !== cut.instance || step !== cut.step) return;
      seen += 1;
      if (seen < cut.occurrence) return;
      done = true;
      fired();
      throw cut.mode === 'interrupt'
        ? new SimulatedInterruption(`chaos: killed before ${step}`)
        : new Error(`chaos: injected failure before ${step}`);
    },
  };
}

async function answersPong(address: string, port: number): Promise<boolean> {
  // Bounded: a service that was just started may need its ready delay.
  for (let attempt = 0; attempt < 12; attempt++) {
    if ((await pingReplyBack(address, port, 1_000)).ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
