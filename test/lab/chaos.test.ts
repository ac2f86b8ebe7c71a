// The chaos run as the suite runs it: 15 seeded iterations (the suite's share; `npm run chaos` runs 200) of random faults and cut points over plan +
// apply on the emulated lab (127.0.168-170.x; `npm run chaos` uses 165-167), and two on the OpenSSH lab
// (127.0.171.x; skipped with the reason without root or sshd). No invariant may break.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERS } from '../../lab/chaos/chaos-lab.js';
import { runChaos, summaryText } from '../../lab/chaos/runner.js';
import { opensshUnavailableReason } from '../../lab/openssh/preflight.js';

const SEED = 20261207;
const ITERATIONS = 15;
const CLUSTERS = DEFAULT_CLUSTERS.map((cluster, index) => ({ ...cluster, addressBase: `127.0.${168 + index}.10` }));
const noOpenssh = opensshUnavailableReason();

describe('chaos run', () => {
  it(`emulated, seed ${SEED}, ${ITERATIONS} iterations: original-or-planned bytes, backups, reports true to the hosts, PONG, an empty journal`, async () => {
    const lines: string[] = [];
    const summary = await runChaos({
      seed: SEED,
      from: 0,
      iterations: ITERATIONS,
      part: 'emulated',
      budgetMs: 540_000,
      clusters: CLUSTERS,
      progress: (line) => lines.push(line),
    });
    const text = summaryText(summary);
    expect(summary.failures, `${text}\n${lines.join('\n')}`).toEqual([]);
    expect(summary.budgetExceeded).toBe(false);
    expect(summary.parts.map((part) => part.part)).toEqual(['emulated']);
    const [part] = summary.parts;
    expect(part?.iterationsDone).toBe(ITERATIONS);
    expect(lines).toHaveLength(ITERATIONS);
    // The dice dealt real trouble, not quiet runs.
    const faults = Object.keys(part?.faultsDealt ?? {}).filter((kind) => kind !== 'none');
    expect(faults.length, text).toBeGreaterThanOrEqual(4);
    expect(Object.keys(part?.cuts ?? {}).filter((cut) => cut !== 'not reached').length, text).toBeGreaterThanOrEqual(2);
    expect(part?.plannedChanges).toBeGreaterThan(ITERATIONS);
    const outcomes = Object.keys(part?.outcomes ?? {}).join(' ');
    expect(outcomes, text).toContain('applied');
    expect(outcomes, text).toMatch(/rolled-back|interrupted|failed/);
    expect(text).toContain(`emulated: ${ITERATIONS} iteration(s)`);
    expect(text).toContain('chaos: no violations');
  }, 600_000);

  it.skipIf(noOpenssh !== undefined)(
    `OpenSSH, seed ${SEED}, 2 iterations${noOpenssh ? ` (skipped: ${noOpenssh})` : ''}: the same invariants on real sshd and sudo`,
    async () => {
      const lines: string[] = [];
      const summary = await runChaos({
        seed: SEED,
        from: 0,
        iterations: 2,
        part: 'openssh',
        budgetMs: 400_000,
        progress: (line) => lines.push(line),
      });
      const text = summaryText(summary);
      expect(summary.failures, `${text}\n${lines.join('\n')}`).toEqual([]);
      expect(summary.parts.map((part) => [part.part, part.iterationsDone, part.skipped])).toEqual([['openssh', 2, undefined]]);
      expect(
        lines.every((line) => line.startsWith('openssh #')),
        lines.join('\n'),
      ).toBe(true);
      expect(text).toContain('refuse-start (fixed on ct-linux-3) 1');
    },
    600_000,
  );

  it('without root the OpenSSH part is a visible skip line, not a silent pass', async () => {
    const summary = {
      seed: 1,
      parts: [
        {
          part: 'openssh' as const,
          skipped: 'needs root',
          iterationsDone: 0,
          faultsDealt: {},
          cuts: {},
          outcomes: {},
          plannedChanges: 0,
          secondApplies: 0,
          notes: [],
          durationMs: 0,
        },
      ],
      failures: [],
      budgetExceeded: false,
      durationMs: 5,
    };
    expect(summaryText(summary)).toContain('openssh: skipped: needs root');
  });
});
