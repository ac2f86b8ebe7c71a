import type { DriftPreset } from '../spec.js';

// The `--drift default` mix: instance 0 is the consistent reference; the presets are dealt round-robin
// to instances 1..n-1 in MIX_ORDER, so a cluster of three or more shows every preset exactly once.

/** Pairs that cannot be seeded on one instance: the first removes the line the second edits. */
export const DRIFT_CONFLICTS: readonly (readonly [DriftPreset, DriftPreset])[] = [
  ['req-missing', 'req-regex'],
  ['req-missing', 'req-type'],
  ['finished-absent', 'finished-disabled'],
];

/**
 * The dealing order. Conflicting presets sit next to each other: presets one place apart never land on
 * the same instance when there are two or more drifted instances. req-regex and req-type may share an
 * instance (they edit different parts of the REQ rule).
 */
const MIX_ORDER: readonly DriftPreset[] = [
  'feeds',
  'req-regex',
  'req-missing',
  'req-type',
  'event-format',
  'finished-disabled',
  'finished-absent',
  'export-tasks',
  'license',
  'certificate',
  'alerts',
];

/** Whether two presets cannot be seeded on one instance. */
export function driftConflicts(a: DriftPreset, b: DriftPreset): boolean {
  return DRIFT_CONFLICTS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/**
 * The presets of instance `instanceIndex` in a cluster of `instanceCount` under `--drift default`.
 * With two instances the second gets every preset that fits together (all but req-missing and
 * finished-absent); with more than twelve, instances past the twelfth stay consistent.
 */
export const DEFAULT_DRIFT = (instanceIndex: number, instanceCount: number): DriftPreset[] => {
  const drifted = instanceCount - 1;
  if (instanceIndex < 1 || instanceIndex >= instanceCount) return [];
  const dealt = MIX_ORDER.filter((_, position) => position % drifted === instanceIndex - 1);
  return dealt.reduce<DriftPreset[]>(
    (kept, preset) => (kept.some((earlier) => driftConflicts(earlier, preset)) ? kept : [...kept, preset]),
    [],
  );
};
