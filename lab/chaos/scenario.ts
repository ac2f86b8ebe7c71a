// What one iteration does, chosen by the seeded PRNG: which cluster, which drift, which fault and
// where the apply is cut.
import type { ApplyStepName } from '../../shared/plan/apply-report.js';
import { driftConflicts } from '../drift/default-drift.js';
import type { DriftPreset, FaultSpec } from '../spec.js';
import { DRIFT_PRESETS } from '../spec.js';
import type { Prng } from './prng.js';

/** The faults an iteration may deal (lab/spec.ts FAULT_PRESETS; `slow` short enough for the time bound). */
export const CHAOS_FAULTS: readonly { readonly spec: FaultSpec; readonly weight: number }[] = [
  { spec: { kind: 'refuse-start' }, weight: 4 },
  { spec: { kind: 'drop-mid-write' }, weight: 4 },
  { spec: { kind: 'disk-full' }, weight: 3 },
  { spec: { kind: 'permission-denied' }, weight: 3 },
  { spec: { kind: 'host-key-changed' }, weight: 1 },
  { spec: { kind: 'slow', latencyMs: 10 }, weight: 1 },
  { spec: { kind: 'silent' }, weight: 0.3 },
];

/** Steps the apply can be cut before (hooks.beforeStep); `write` is per file. */
export const CUT_STEPS: readonly ApplyStepName[] = ['stale-check', 'service', 'stop', 'write', 'write', 'start', 'ready', 'verify'];

/** Where and how the first apply is cut. */
export interface CutPoint {
  /** interrupt: SimulatedInterruption (a killed process, the journal stays); throw: an ordinary error (rollback). */
  readonly mode: 'interrupt' | 'throw';
  readonly step: ApplyStepName;
  /** The n-th time this step is reached on the target (1 = first; for `write`, the n-th file). */
  readonly occurrence: number;
}

/** One iteration's choices. */
export interface Scenario {
  readonly cluster: string;
  readonly drift: readonly { readonly instance: string; readonly presets: readonly DriftPreset[] }[];
  /** Dealt to one host after the plan, before the apply. */
  readonly fault?: { readonly instance: string; readonly spec: FaultSpec };
  readonly cut?: CutPoint & { readonly instance: string };
  readonly rolling: boolean;
  /** saved: `plan --out` then apply that file (the fault dealt in between); fresh: apply the project (plan made in the same run, the fault dealt before it). */
  readonly planning: 'saved' | 'fresh';
}

/** The clusters as the chooser sees them: name, instances, the reference first. */
export interface ClusterChoice {
  readonly name: string;
  readonly instances: readonly string[];
}

/** Deals one iteration. Faults and cuts mostly land on a drifted instance, where the apply has work to do. */
export function chooseScenario(rng: Prng, clusters: readonly ClusterChoice[], options: { readonly faults?: boolean } = {}): Scenario {
  const cluster = rng.pick(clusters);
  const others = cluster.instances.slice(1);
  const drifted = rng.chance(0.05) ? [] : rng.some(others, 1 + rng.int(others.length));
  const drift = drifted.map((instance) => ({ instance, presets: driftSet(rng) }));
  const target = (): string => (drifted.length > 0 && rng.chance(0.85) ? rng.pick(drifted) : rng.pick(cluster.instances));
  const faultSpec = rng.chance(0.7) && options.faults !== false ? weighted(rng) : undefined;
  const fault = faultSpec ? { instance: target(), spec: faultSpec } : undefined;
  const cut: Scenario['cut'] = rng.chance(0.4)
    ? {
        instance: target(),
        mode: rng.chance(0.6) ? 'interrupt' : 'throw',
        step: rng.pick(CUT_STEPS),
        occurrence: 1 + (rng.chance(0.3) ? 1 : 0),
      }
    : undefined;
  return {
    cluster: cluster.name,
    drift,
    ...(fault ? { fault } : {}),
    ...(cut ? { cut } : {}),
    rolling: rng.chance(0.5),
    planning: rng.chance(0.5) ? 'saved' : 'fresh',
  };
}

/** One line naming the scenario, for the replay message. */
export function describeScenario(scenario: Scenario): string {
  const drift = scenario.drift.map((entry) => `${entry.instance}:${entry.presets.join('+')}`).join(' ') || 'none';
  const fault = scenario.fault ? `${scenario.fault.spec.kind}@${scenario.fault.instance}` : 'none';
  const cut = scenario.cut
    ? `${scenario.cut.mode} before ${scenario.cut.step}#${scenario.cut.occurrence}@${scenario.cut.instance}`
    : 'none';
  return `cluster ${scenario.cluster}; drift ${drift}; fault ${fault}; cut ${cut}; ${scenario.rolling ? 'rolling' : 'parallel'}; ${scenario.planning} plan`;
}

function driftSet(rng: Prng): DriftPreset[] {
  const wanted = 1 + rng.int(3);
  const kept: DriftPreset[] = [];
  for (const preset of rng.some(DRIFT_PRESETS, wanted)) if (!kept.some((earlier) => driftConflicts(earlier, preset))) kept.push(preset);
  return kept;
}

function weighted(rng: Prng): FaultSpec {
  const total = CHAOS_FAULTS.reduce((sum, fault) => sum + fault.weight, 0);
  let at = rng.next() * total;
  for (const fault of CHAOS_FAULTS) {
    at -= fault.weight;
    if (at < 0) return fault.spec;
  }
  return (CHAOS_FAULTS.at(-1) as (typeof CHAOS_FAULTS)[number]).spec;
}
