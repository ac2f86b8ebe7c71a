import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT, driftConflicts } from '../../../lab/drift/default-drift.js';
import { DRIFT_PRESETS } from '../../../lab/spec.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { BALANCER, labInstance } from './fixtures.js';

const cluster = (count: number) => Array.from({ length: count }, (_, index) => DEFAULT_DRIFT(index, count));

describe('DEFAULT_DRIFT', () => {
  it('deals the presets round-robin to every instance but the reference', () => {
    expect(cluster(3)).toEqual([
      [],
      ['feeds', 'req-missing', 'event-format', 'finished-absent', 'license', 'alerts'],
      ['req-regex', 'req-type', 'finished-disabled', 'export-tasks', 'certificate'],
    ]);
    expect(cluster(4)[1]).toEqual(['feeds', 'req-type', 'finished-absent', 'certificate']);
  });

  it.each([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20])('shows every preset exactly once in a cluster of %i', (count) => {
    const dealt = cluster(count).flat();
    expect([...dealt].sort()).toEqual([...DRIFT_PRESETS].sort());
    for (const presets of cluster(count)) {
      for (const a of presets) expect(presets.filter((b) => driftConflicts(a, b))).toEqual([]);
    }
  });

  it('gives the second of two instances every preset that fits together', () => {
    expect(cluster(2)).toEqual([
      [],
      ['feeds', 'req-regex', 'req-type', 'event-format', 'finished-disabled', 'export-tasks', 'license', 'certificate', 'alerts'],
    ]);
    expect(cluster(1)).toEqual([[]]);
  });

  it.each([2, 3])('seeds the mix of a %i-instance cluster into real trees', async (count) => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-mix-'));
    for (const [index, drift] of cluster(count).entries()) {
      for (const version of ['4.4', '5.1'] as const) {
        const instance = labInstance(index % 2 ? 'windows' : 'linux', version, join(dir, `${version}-${index}`), { drift });
        await generateHostTree(instance, { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' });
      }
    }
  });
});
