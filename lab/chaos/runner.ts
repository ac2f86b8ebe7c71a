// The chaos loop: one lab, N seeded iterations, a tally, and the first failure with its replay line.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChaosLab, DEFAULT_CLUSTERS, type ClusterShape } from './chaos-lab.js';
import type { Violation } from './invariants.js';
import { runIteration } from './iteration.js';
import { Prng } from './prng.js';
import { chooseScenario, describeScenario } from './scenario.js';

/** What to run. */
export interface ChaosOptions {
  readonly seed: number;
  /** First iteration number (replay: `--from K --iterations 1`). */
  readonly from: number;
  readonly iterations: number;
  /** Stop (as a failure) when the run takes longer than this. */
  readonly budgetMs: number;
  /** Go on after a failing iteration instead of stopping there. */
  readonly keepGoing?: boolean;
  readonly clusters?: readonly ClusterShape[];
  /** Where a failing iteration's plans and reports are written as JSON (default: nowhere). */
  readonly dumpDir?: string;
  /** A line per iteration (default: none). */
  readonly progress?: (line: string) => void;
}

/** A failing iteration: what to replay and what broke. */
export interface ChaosFailure {
  readonly iteration: number;
  readonly scenario: string;
  readonly violations: readonly Violation[];
  readonly replay: string;
}

/** The run's tally. */
export interface ChaosSummary {
  readonly seed: number;
  readonly iterationsDone: number;
  readonly faultsDealt: Readonly<Record<string, number>>;
  readonly cuts: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly plannedChanges: number;
  readonly secondApplies: number;
  /** Notes of every iteration (disclosed unverified backups), with the iteration number. */
  readonly notes: readonly string[];
  readonly failures: readonly ChaosFailure[];
  readonly budgetExceeded: boolean;
  readonly durationMs: number;
}

/** Runs the iterations on one emulated lab in a temporary folder, removed afterwards. */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'ctha-chaos-'));
  const faultsDealt: Record<string, number> = {};
  const cuts: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const failures: ChaosFailure[] = [];
  const notes: string[] = [];
  const bump = (tally: Record<string, number>, key: string): void => void (tally[key] = (tally[key] ?? 0) + 1);
  let done = 0;
  let plannedChanges = 0;
  let secondApplies = 0;
  let budgetExceeded = false;
  const lab = await startChaosLab(join(dir, 'lab'), options.clusters ?? DEFAULT_CLUSTERS);
  try {
    const choices = lab.clusters.map((cluster) => ({ name: cluster.shape.name, instances: cluster.hosts.map((host) => host.instance.name) }));
    for (let iteration = options.from; iteration < options.from + options.iterations; iteration++) {
      if (Date.now() - started > options.budgetMs) {
        budgetExceeded = true;
        break;
      }
      const scenario = chooseScenario(Prng.forIteration(options.seed, iteration), choices);
      const t0 = Date.now();
      const result = await runIteration(lab, scenario, iteration);
      done += 1;
      plannedChanges += result.plannedChanges;
      if (result.secondApply) secondApplies += 1;
      bump(faultsDealt, scenario.fault?.spec.kind ?? 'none');
      if (scenario.cut) bump(cuts, result.cutFired ? `${scenario.cut.mode} before ${scenario.cut.step}` : 'not reached');
      for (const outcome of result.outcomes) bump(outcomes, outcome);
      notes.push(...result.notes.map((note) => `#${iteration} ${note}`));
      options.progress?.(`#${iteration} ${Date.now() - t0} ms ${describeScenario(scenario)} → ${result.outcomes.join(', ') || 'nothing planned'}${result.violations.length > 0 ? ` ✗ ${result.violations.length} violation(s)` : ''}`);
      if (result.violations.length > 0) {
        if (options.dumpDir !== undefined) {
          await mkdir(options.dumpDir, { recursive: true });
          await writeFile(join(options.dumpDir, `seed-${options.seed}-iteration-${iteration}.json`), `${JSON.stringify({ scenario, violations: result.violations, ...result.evidence }, null, 2)}\n`, { mode: 0o600 });
        }
        failures.push({ iteration, scenario: describeScenario(scenario), violations: result.violations, replay: `npm run chaos -- --seed ${options.seed} --from ${iteration} --iterations 1` });
        if (!options.keepGoing) break;
      }
    }
  } finally {
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return { seed: options.seed, iterationsDone: done, faultsDealt, cuts, outcomes, plannedChanges, secondApplies, notes, failures, budgetExceeded, durationMs: Date.now() - started };
}

/** The summary as printed. */
export function summaryText(summary: ChaosSummary): string {
  const tally = (record: Readonly<Record<string, number>>): string =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ') || 'none';
  const lines = [
    `chaos: seed ${summary.seed}, ${summary.iterationsDone} iteration(s) in ${(summary.durationMs / 1000).toFixed(1)} s, ${summary.plannedChanges} planned file change(s), ${summary.secondApplies} resuming apply(ies)`,
    `faults dealt: ${tally(summary.faultsDealt)}`,
    `cuts: ${tally(summary.cuts)}`,
    `outcomes: ${tally(summary.outcomes)}`,
    `notes: ${summary.notes.length} (unverified backups the reports disclose)`,
    ...summary.notes.slice(0, 5).map((note) => `  ${note}`),
  ];
  for (const failure of summary.failures) {
    lines.push(`FAILED iteration ${failure.iteration}: ${failure.scenario}`);
    for (const violation of failure.violations) lines.push(`  ${violation.instance} ${violation.kind}${violation.path ? ` ${violation.path}` : ''}: ${violation.detail}`);
    lines.push(`  replay: ${failure.replay}`);
  }
  if (summary.budgetExceeded) lines.push('FAILED: the time budget ran out before every iteration was done');
  lines.push(summary.failures.length === 0 && !summary.budgetExceeded ? 'chaos: no violations' : `chaos: ${summary.failures.length} failing iteration(s)`);
  return lines.join('\n');
}
