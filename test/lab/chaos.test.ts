// The chaos run as the suite runs it: 25 seeded iterations of random faults and cut points over plan +
// apply on the emulated lab, no invariant broken. Addresses 127.0.168-170.x (`npm run chaos` uses 165-167).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERS } from '../../lab/chaos/chaos-lab.js';
import { runChaos, summaryText } from '../../lab/chaos/runner.js';

const SEED = 20261207;
const CLUSTERS = DEFAULT_CLUSTERS.map((cluster, index) => ({ ...cluster, addressBase: `127.0.${168 + index}.10` }));

describe('chaos run (25 iterations)', () => {
  it(`seed ${SEED}: every iteration keeps original-or-planned bytes, backups, reports true to the hosts, PONG, an empty journal`, async () => {
    const lines: string[] = [];
    const summary = await runChaos({ seed: SEED, from: 0, iterations: 25, budgetMs: 540_000, clusters: CLUSTERS, progress: (line) => lines.push(line) });
    const text = summaryText(summary);
    expect(summary.failures, `${text}\n${lines.join('\n')}`).toEqual([]);
    expect(summary.budgetExceeded).toBe(false);
    expect(summary.iterationsDone).toBe(25);
    expect(lines).toHaveLength(25);
    // The dice dealt real trouble, not 25 quiet runs.
    const faults = Object.keys(summary.faultsDealt).filter((kind) => kind !== 'none');
    expect(faults.length, text).toBeGreaterThanOrEqual(4);
    expect(Object.keys(summary.cuts).filter((cut) => cut !== 'not reached').length, text).toBeGreaterThanOrEqual(2);
    expect(summary.plannedChanges).toBeGreaterThan(25);
    const outcomes = Object.keys(summary.outcomes).join(' ');
    expect(outcomes, text).toContain('applied');
    expect(outcomes, text).toMatch(/rolled-back|interrupted|failed/);
    expect(text).toContain(`chaos: seed ${SEED}, 25 iteration(s)`);
    expect(text).toContain('chaos: no violations');
  }, 600_000);
});
