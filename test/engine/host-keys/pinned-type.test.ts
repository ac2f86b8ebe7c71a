// A host pinned with its RSA or ECDSA key, which also has an ed25519 key (as every stock OpenSSH host
// does), must be asked for the pinned type: with ssh2's default order it would present ed25519 and the
// run would stop on "HOST KEY CHANGED". Addresses 127.0.155.10-11, this file only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrechecks } from '../../../engine/prechecks/run-prechecks.js';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import type { Project } from '../../../shared/project/schema.js';
import { ProjectSchema } from '../../../shared/project/schema.js';
import { generateKeyPair } from './keys.js';
import type { StandInHost } from './stand-in-host.js';
import { PASSWORD, USER, pinOf, startStandInHost } from './stand-in-host.js';

describe('hosts pinned with a non-default key type', () => {
  const ed25519 = generateKeyPair('ed25519');
  const rsa = generateKeyPair('rsa');
  const ecdsa = generateKeyPair('ecdsa');
  let hosts: StandInHost[] = [];
  let project: Project;

  beforeAll(async () => {
    hosts = await Promise.all([
      startStandInHost('127.0.155.10', [ed25519.private, rsa.private]),
      startStandInHost('127.0.155.11', [ed25519.private, ecdsa.private]),
    ]);
    const [rsaHost, ecdsaHost] = hosts;
    if (!rsaHost || !ecdsaHost) throw new Error('hosts did not start');
    const instance = (name: string, host: string, port: number) => ({
      name,
      host,
      port,
      os: 'linux' as const,
      user: USER,
      auth: { method: 'password' as const },
      privilege: 'sudo' as const,
    });
    project = ProjectSchema.parse({
      schemaVersion: 1,
      name: 'pinned types',
      instances: [instance('ct-rsa', '127.0.155.10', rsaHost.port), instance('ct-ecdsa', '127.0.155.11', ecdsaHost.port)],
      referenceInstance: 'ct-rsa',
      hostKeys: [
        { host: '127.0.155.10', port: rsaHost.port, ...pinOf(rsa.public) },
        { host: '127.0.155.11', port: ecdsaHost.port, ...pinOf(ecdsa.public) },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
  });

  // Passwords are answered; a host-key review must never be asked: both keys are pinned.
  const deps: ClusterRunDeps = {
    ask: (question) =>
      question.kind === 'password'
        ? (Promise.resolve({ kind: 'password', secret: PASSWORD }) as never)
        : Promise.reject(new Error(`unexpected ${question.kind} prompt`)),
    askHostKeys: () => Promise.reject(new Error('no host-key review expected: every key is pinned')),
  };

  it('a cluster run presents the pinned RSA and ECDSA keys and logs in (no HOST KEY CHANGED)', async () => {
    const before = hosts.map((host) => host.logins.length);
    const run = await openClusterRun(project, deps, { timeouts: { readyMs: 10_000, commandMs: 5_000 } });
    try {
      for (const member of run.members) {
        // The stand-in host has no shell, so the run stops after login, at the OS check: never at the host key.
        expect(member.ok ? 'ok' : member.stage, member.ok ? '' : member.reason).not.toBe('host-key');
        if (!member.ok) expect(member.reason).not.toContain('HOST KEY CHANGED');
      }
      expect(hosts.map((host, index) => host.logins.length - (before[index] ?? 0))).toEqual([1, 1]);
      expect(run.accepted).toEqual([]);
    } finally {
      await run.close();
    }
  }, 60_000);

  it('the pre-checks pass the host-key and authentication checks on both hosts', async () => {
    const run = await runPrechecks(project, deps);
    const status = (check: string) =>
      run.results.filter((result) => result.check === check).map((result) => [result.instance, result.status, result.evidence]);
    expect(status('host-key').map(([instance, result]) => [instance, result])).toEqual([
      ['ct-rsa', 'pass'],
      ['ct-ecdsa', 'pass'],
    ]);
    expect(status('authentication').map(([instance, result]) => [instance, result])).toEqual([
      ['ct-rsa', 'pass'],
      ['ct-ecdsa', 'pass'],
    ]);
    expect(run.accepted).toEqual([]);
  }, 60_000);
});
