// runPrechecksOnRun on a run whose hosts could not be opened (no lab, no network): each stage the run
// reports becomes the matching pre-check's failure with the run's reason, the checks before it pass and
// the ones after are skipped; the cluster-wide same-version check is skipped; progress is told per instance.
import { describe, expect, it } from 'vitest';
import { runPrechecksOnRun } from '../../../engine/prechecks/run-prechecks-on-run.js';
import { INSTANCE_CHECK_ORDER } from '../../../engine/prechecks/instance-prechecks.js';
import { createRunProgress } from '../../../engine/steps/run/run-progress.js';
import type { ClusterRun, RunFailure, RunStage } from '../../../engine/steps/run/run-types.js';
import type { EngineEvent } from '../../../shared/contract/events.js';
import type { Instance } from '../../../shared/project/schema.js';

const STAGES: readonly RunStage[] = ['connect', 'host-key', 'authentication', 'os-shell'];
const FAILED_CHECK = { connect: 'reachable', 'host-key': 'host-key', authentication: 'authentication', 'os-shell': 'os-shell' } as const;

function instance(name: string, index: number): Instance {
  return {
    name,
    host: `192.0.2.${index + 1}`,
    port: 22,
    os: 'linux',
    user: 'ops',
    auth: { method: 'password' },
    privilege: 'sudo',
  } as Instance;
}

// A run whose every member failed at its own stage; only what runPrechecksOnRun reads is real.
function failedRun(events: EngineEvent[]): ClusterRun {
  const members: RunFailure[] = STAGES.map((stage, index) => ({
    ok: false,
    instance: instance(`ct-${stage}`, index),
    stage,
    reason: `reason of ${stage}`,
  }));
  return { members, progress: createRunProgress((event) => events.push(event), { runId: 'run-1' }) } as unknown as ClusterRun;
}

describe('runPrechecksOnRun', () => {
  it('maps each failed opening stage to its check, passes the ones before and skips the rest', async () => {
    const events: EngineEvent[] = [];
    const results = await runPrechecksOnRun(failedRun(events));
    const order = ['reachable', ...INSTANCE_CHECK_ORDER];
    for (const stage of STAGES) {
      const mine = results.filter((result) => result.instance === `ct-${stage}`);
      expect(mine.map((result) => result.check)).toEqual(order);
      const at = order.indexOf(FAILED_CHECK[stage]);
      expect(mine.slice(0, at).every((result) => result.status === 'pass')).toBe(true);
      expect(mine[at]).toMatchObject({ status: 'fail', evidence: `reason of ${stage}` });
      expect(mine.slice(at + 1).every((result) => result.status === 'skipped')).toBe(true);
    }
    expect(results.at(-1)).toMatchObject({ check: 'same-version', status: 'skipped' });
    const ended = events.filter(
      (event) => event.name === 'progress' && event.payload.step === 'prechecks' && event.payload.state === 'failed',
    );
    expect(ended).toHaveLength(STAGES.length);
  });

  it("checks the Balancer host up to privilege, under the Balancer's name (issue 14 item 1)", async () => {
    const balancerHost = {
      name: 'lb',
      host: '192.0.2.50',
      port: 22,
      os: 'linux',
      user: 'ops',
      auth: { method: 'password' },
      privilege: 'sudo',
    };
    const refused = {
      ...failedRun([]),
      balancer: { ok: false, instance: balancerHost, stage: 'authentication', reason: 'wrong password' },
    };
    const failed = (await runPrechecksOnRun(refused as unknown as ClusterRun)).filter((result) => result.instance === 'lb');
    expect(failed.map((result) => `${result.check} ${result.status}`)).toEqual([
      'reachable pass',
      'host-key pass',
      'authentication fail',
      'os-shell skipped',
      'privilege skipped',
    ]);
    expect(failed[2]).toMatchObject({ severity: 'blocker', evidence: 'wrong password' });

    const noRoot = {
      ...failedRun([]),
      balancer: {
        ok: true,
        instance: balancerHost,
        dialect: { detection: { os: 'linux', shell: 'posix-sh', system: 'Linux' } },
        privilege: { detected: 'none', matches: false, detail: 'uid 1000; sudo -n true: exit 1' },
      },
    };
    const opened = (await runPrechecksOnRun(noRoot as unknown as ClusterRun)).filter((result) => result.instance === 'lb');
    expect(opened.map((result) => `${result.check} ${result.status}`)).toEqual([
      'reachable pass',
      'host-key pass',
      'authentication pass',
      'os-shell pass',
      'privilege fail',
    ]);
    expect(opened[3]?.evidence).toBe('Linux, shell posix-sh');
  });
});
