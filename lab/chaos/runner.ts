// The chaos loop: a lab reused by N seeded iterations, a tally, and every failure with its replay line.
// The emulated part always runs; the OpenSSH part runs when this machine can host it (root, sshd).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensshUnavailableReason } from '../openssh/preflight.js';
import { startChaosLab, DEFAULT_CLUSTERS, type ChaosLab, type ClusterShape } from './chaos-lab.js';
import type { Violation } from './invariants.js';
import { runIteration } from './iteration.js';
import { OPENSSH_FAULTS, startOpensshChaosLab } from './openssh-lab.js';
import { Prng } from './prng.js';
import { chooseScenario, describeScenario } from './scenario.js';

/** Which parts to run. */
export type ChaosPart = 'emulated' | 'openssh' | 'both';

/** What to run. */
export interface ChaosOptions {
  readonly seed: number;
  /** First iteration number (replay: `--from K --iterations 1 --part P`). */
  readonly from: number;
  /** Iterations of the emulated part; the OpenSSH part runs one per 100 of them (at least 2), or this many with `part: 'openssh'`. */
  readonly iterations: number;
  readonly part?: ChaosPart;
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
  readonly part: 'emulated' | 'openssh';
  readonly iteration: number;
  readonly scenario: string;
  readonly violations: readonly Violation[];
  readonly replay: string;
}

/** The tally of one part. */
export interface PartSummary {
  readonly part: 'emulated' | 'openssh';
  /** Why the part did not run (no root, no sshd...). */
  readonly skipped?: string;
  readonly iterationsDone: number;
  readonly faultsDealt: Readonly<Record<string, number>>;
  readonly cuts: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly plannedChanges: number;
  readonly secondApplies: number;
  /** Notes of every iteration (disclosed unverified backups), with the iteration number. */
  readonly notes: readonly string[];
  readonly durationMs: number;
}

/** The run's tally. */
export interface ChaosSummary {
  readonly seed: number;
  readonly parts: readonly PartSummary[];
  readonly failures: readonly ChaosFailure[];
  readonly budgetExceeded: boolean;
  readonly durationMs: number;
}

// The OpenSSH part draws from its own stream, so adding it changes no emulated scenario.
const OPENSSH_STREAM = 0x5eed;

/** Runs the parts asked for; each lab lives in a temporary folder, removed afterwards. */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const started = Date.now();
  const part = options.part ?? 'both';
  const failures: ChaosFailure[] = [];
  const parts: PartSummary[] = [];
  let budgetExceeded = false;
  const context = { options, started, failures, onBudget: () => (budgetExceeded = true) };
  if (part !== 'openssh') {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-chaos-'));
    try {
      const lab = await startChaosLab(join(dir, 'lab'), options.clusters ?? DEFAULT_CLUSTERS);
      parts.push(await runPart('emulated', lab, options.iterations, context));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const keepOn = options.keepGoing === true || failures.length === 0;
  if (part !== 'emulated' && keepOn && !budgetExceeded) {
    const skipped = opensshUnavailableReason();
    if (skipped !== undefined) parts.push({ ...emptyPart('openssh'), skipped });
    else
      parts.push(
        await runPart(
          'openssh',
          await startOpensshChaosLab(),
          part === 'openssh' ? options.iterations : Math.max(2, Math.ceil(options.iterations / 100)),
          context,
        ),
      );
  }
  return { seed: options.seed, parts, failures, budgetExceeded, durationMs: Date.now() - started };
}

async function runPart(
  name: 'emulated' | 'openssh',
  lab: ChaosLab,
  iterations: number,
  context: { options: ChaosOptions; started: number; failures: ChaosFailure[]; onBudget: () => void },
): Promise<PartSummary> {
  const { options } = context;
  const partStarted = Date.now();
  const faultsDealt: Record<string, number> = {};
  const cuts: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  const notes: string[] = [];
  const bump = (tally: Record<string, number>, key: string): void => void (tally[key] = (tally[key] ?? 0) + 1);
  let done = 0;
  let plannedChanges = 0;
  let secondApplies = 0;
  if (name === 'openssh')
    for (const fault of OPENSSH_FAULTS) bump(faultsDealt, `${fault.split(':')[1] ?? fault} (fixed on ${fault.split(':')[0] ?? '?'})`);
  try {
    const choices = lab.clusters.map((cluster) => ({
      name: cluster.shape.name,
      instances: cluster.hosts.map((host) => host.instance.name),
    }));
    for (let iteration = options.from; iteration < options.from + iterations; iteration++) {
      if (Date.now() - context.started > options.budgetMs) {
        context.onBudget();
        break;
      }
      const rng =
        name === 'emulated' ? Prng.forIteration(options.seed, iteration) : Prng.forIteration(options.seed ^ OPENSSH_STREAM, iteration);
      const scenario = chooseScenario(rng, choices, { faults: name === 'emulated' });
      const t0 = Date.now();
      let result: Awaited<ReturnType<typeof runIteration>>;
      try {
        result = await runIteration(lab, scenario, iteration);
      } catch (error) {
        // The lab itself broke (a service that will not start after the reset...): say where, then stop.
        const detail = `the iteration crashed: ${error instanceof Error ? error.message : String(error)}`;
        context.failures.push({
          part: name,
          iteration,
          scenario: describeScenario(scenario),
          violations: [{ instance: '*', kind: 'apply-error', detail }],
          replay: `npm run chaos -- --seed ${options.seed} --from ${iteration} --iterations 1 --part ${name}`,
        });
        options.progress?.(`${name} #${iteration} ${describeScenario(scenario)} ✗ ${detail}`);
        break;
      }
      done += 1;
      plannedChanges += result.plannedChanges;
      if (result.secondApply) secondApplies += 1;
      if (name === 'emulated') bump(faultsDealt, scenario.fault?.spec.kind ?? 'none');
      if (scenario.cut) bump(cuts, result.cutFired ? `${scenario.cut.mode} before ${scenario.cut.step}` : 'not reached');
      for (const outcome of result.outcomes) bump(outcomes, outcome);
      notes.push(...result.notes.map((note) => `${name} #${iteration} ${note}`));
      const phases = Object.entries(result.phases)
        .map(([phase, ms]) => `${phase} ${ms}`)
        .join(' ');
      options.progress?.(
        `${name} #${iteration} ${Date.now() - t0} ms (${phases}) ${describeScenario(scenario)} → ${result.outcomes.join(', ') || 'nothing planned'}${result.violations.length > 0 ? ` ✗ ${result.violations.length} violation(s)` : ''}`,
      );
      if (result.violations.length > 0) {
        if (options.dumpDir !== undefined) {
          await mkdir(options.dumpDir, { recursive: true });
          await writeFile(
            join(options.dumpDir, `seed-${options.seed}-${name}-${iteration}.json`),
            `${JSON.stringify({ scenario, violations: result.violations, ...result.evidence }, null, 2)}\n`,
            { mode: 0o600 },
          );
        }
        context.failures.push({
          part: name,
          iteration,
          scenario: describeScenario(scenario),
          violations: result.violations,
          replay: `npm run chaos -- --seed ${options.seed} --from ${iteration} --iterations 1 --part ${name}`,
        });
        if (!options.keepGoing) break;
      }
    }
  } finally {
    await lab.stop();
  }
  return {
    part: name,
    iterationsDone: done,
    faultsDealt,
    cuts,
    outcomes,
    plannedChanges,
    secondApplies,
    notes,
    durationMs: Date.now() - partStarted,
  };
}

function emptyPart(part: 'emulated' | 'openssh'): PartSummary {
  return {
    part,
    iterationsDone: 0,
    faultsDealt: {},
    cuts: {},
    outcomes: {},
    plannedChanges: 0,
    secondApplies: 0,
    notes: [],
    durationMs: 0,
  };
}

/** The summary as printed. */
export function summaryText(summary: ChaosSummary): string {
  const tally = (record: Readonly<Record<string, number>>): string =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ') || 'none';
  const lines = [`chaos: seed ${summary.seed}, ${(summary.durationMs / 1000).toFixed(1)} s in all`];
  for (const part of summary.parts) {
    if (part.skipped !== undefined) {
      lines.push(`${part.part}: skipped: ${part.skipped}`);
      continue;
    }
    lines.push(
      `${part.part}: ${part.iterationsDone} iteration(s) in ${(part.durationMs / 1000).toFixed(1)} s, ${part.plannedChanges} planned file change(s), ${part.secondApplies} resuming apply(ies)`,
      `  faults dealt: ${tally(part.faultsDealt)}`,
      `  cuts: ${tally(part.cuts)}`,
      `  outcomes: ${tally(part.outcomes)}`,
      `  notes: ${part.notes.length} (unverified backups the reports disclose)`,
      ...part.notes.slice(0, 3).map((note) => `    ${note}`),
    );
  }
  for (const failure of summary.failures) {
    lines.push(`FAILED ${failure.part} iteration ${failure.iteration}: ${failure.scenario}`);
    for (const violation of failure.violations)
      lines.push(`  ${violation.instance} ${violation.kind}${violation.path ? ` ${violation.path}` : ''}: ${violation.detail}`);
    lines.push(`  replay: ${failure.replay}`);
  }
  if (summary.budgetExceeded) lines.push('FAILED: the time budget ran out before every iteration was done');
  lines.push(
    summary.failures.length === 0 && !summary.budgetExceeded
      ? 'chaos: no violations'
      : `chaos: ${summary.failures.length} failing iteration(s)`,
  );
  return lines.join('\n');
}
