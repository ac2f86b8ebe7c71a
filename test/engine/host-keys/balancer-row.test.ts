// A cluster run that also logs in to the Balancer shows it as a `balancer` row, so the command line's
// `--accept-host-key balancer=...` can name it; its key is accepted by its own tuple only, even when an
// instance presents the same key. Addresses 127.0.155.20-21, this file only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostKeyReviewQuestion } from '../../../engine/ssh/host-keys/review-answer.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import { ProjectSchema } from '../../../shared/project/schema.js';
import { generateKeyPair } from './keys.js';
import type { StandInHost } from './stand-in-host.js';
import { PASSWORD, USER, pinOf, startStandInHost } from './stand-in-host.js';

describe('the Balancer in a cluster run review', () => {
  // One key on both machines, as on hosts cloned from one image.
  const shared = generateKeyPair('ed25519');
  let instanceHost: StandInHost;
  let balancerHost: StandInHost;

  beforeAll(async () => {
    [instanceHost, balancerHost] = await Promise.all([
      startStandInHost('127.0.155.20', [shared.private]),
      startStandInHost('127.0.155.21', [shared.private]),
    ]);
  });
  afterAll(async () => {
    await Promise.all([instanceHost.stop(), balancerHost.stop()]);
  });

  it('marks the Balancer row, and accepting it does not accept the instance presenting the same key', async () => {
    const login = { os: 'linux' as const, user: USER, auth: { method: 'password' as const }, privilege: 'sudo' as const };
    const project = ProjectSchema.parse({
      schemaVersion: 1,
      name: 'balancer row',
      instances: [{ name: 'ct1', host: '127.0.155.20', port: instanceHost.port, ...login }],
      referenceInstance: 'ct1',
      balancer: { name: 'kl-balancer', host: '127.0.155.21', port: balancerHost.port, ...login },
    });
    const questions: HostKeyReviewQuestion[] = [];
    const deps: ClusterRunDeps = {
      ask: (question) =>
        question.kind === 'password'
          ? (Promise.resolve({ kind: 'password', secret: PASSWORD }) as never)
          : Promise.reject(new Error(`unexpected ${question.kind} prompt`)),
      askHostKeys: (question) => {
        questions.push(question);
        return Promise.resolve({
          kind: 'host-key-review',
          acceptedKeys: question.keys.filter((key) => key.role === 'balancer').map(hostKeyTupleOf),
        });
      },
    };
    const run = await openClusterRun(project, deps, {
      balancer: true,
      reviewWindowMs: 5_000,
      timeouts: { readyMs: 10_000, commandMs: 5_000 },
    });
    try {
      expect(questions).toHaveLength(1);
      expect(questions[0]?.keys.map((key) => [key.instance, key.role, key.fingerprint])).toEqual([
        ['ct1', undefined, pinOf(shared.public).fingerprint],
        ['kl-balancer', 'balancer', pinOf(shared.public).fingerprint],
      ]);
      expect(run.accepted).toEqual([{ host: '127.0.155.21', port: balancerHost.port, ...pinOf(shared.public) }]);
      expect(run.members[0]).toMatchObject({ ok: false, stage: 'host-key' });
      // The Balancer got past its host key to the login (the stand-in has no shell, so it stops after).
      expect(run.balancer?.ok ? 'ok' : run.balancer?.stage).not.toBe('host-key');
      expect(balancerHost.logins).toEqual([USER]);
      expect(instanceHost.logins).toEqual([]);
    } finally {
      await run.close();
    }
  }, 60_000);
});
