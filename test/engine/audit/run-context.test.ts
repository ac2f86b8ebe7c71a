import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClusterRun } from '../../../engine/steps/run/open-cluster-run.js';
import type { Project } from '../../../shared/project/schema.js';
import { validateProject } from '../../../shared/project/parse.js';
import type { TestHost } from '../hosts/helpers.js';
import { PASSWORD, USER, startHost } from '../hosts/helpers.js';
import { runDeps } from './run-deps.js';

// Addresses: 127.0.90.21-29 (this file only).
let linux: TestHost;
let windows: TestHost;

beforeAll(async () => {
  [linux, windows] = await Promise.all([
    startHost({ os: 'linux', address: '127.0.90.21' }),
    startHost({ os: 'windows', address: '127.0.90.22' }),
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.all([linux.stop(), windows.stop()]);
});

function project(extra: { name: string; host: string; port: number; os: 'linux' | 'windows' }[] = []): Project {
  const result = validateProject({
    schemaVersion: 1,
    name: 'run context test',
    instances: [
      {
        name: 'lin',
        host: linux.host.address,
        port: linux.host.port,
        os: 'linux',
        user: USER,
        auth: { method: 'password' },
        privilege: 'sudo-password',
      },
      {
        name: 'win',
        host: windows.host.address,
        port: windows.host.port,
        os: 'windows',
        user: USER,
        auth: { method: 'password' },
        privilege: 'administrator',
      },
      ...extra.map((host) => ({
        ...host,
        user: USER,
        auth: { method: 'password' as const },
        privilege: host.os === 'linux' ? ('sudo-password' as const) : ('administrator' as const),
      })),
    ],
    referenceInstance: 'lin',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.project;
}

describe('openClusterRun', () => {
  it('opens one session per instance in parallel, with one host-key review for all new keys, and pins them', async () => {
    const { deps, reviews, passwordPrompts } = runDeps(PASSWORD);
    const run = await openClusterRun(project(), deps, { reviewWindowMs: 2_000 });
    try {
      expect(run.members.map((member) => [member.instance.name, member.ok])).toEqual([
        ['lin', true],
        ['win', true],
      ]);
      expect(reviews).toHaveLength(1);
      expect(reviews[0]?.keys.map((key) => key.instance).sort()).toEqual(['lin', 'win']);
      expect(run.accepted).toHaveLength(2);
      expect(run.project.hostKeys.map((key) => `${key.host}:${key.port}`).sort()).toEqual([
        `${linux.host.address}:${linux.host.port}`,
        `${windows.host.address}:${windows.host.port}`,
      ]);
      expect(passwordPrompts()).toBe(2);
      const lin = run.member('lin');
      const win = run.member('win');
      if (!lin?.ok || !win?.ok) throw new Error('members not open');
      expect(lin.dialect.os).toBe('linux');
      expect(win.dialect.os).toBe('windows');
      expect(lin.privilege.detected).toBe('sudo-password');
      expect(win.privilege.detected).toBe('administrator');
      // The same session serves later steps of the run.
      expect((await lin.dialect.readFile(linux.layout.serviceConf)).length).toBeGreaterThan(100);
      const instances = new Set(run.transcript.entries().map((entry) => entry.instance));
      expect(instances).toEqual(new Set(['lin', 'win']));
      expect(JSON.stringify(run.transcript.entries())).not.toContain(PASSWORD);
    } finally {
      await run.close();
    }
    const lin = run.member('lin');
    expect(lin?.ok && lin.session.ended?.code).toBe('closed');
    await run.close();
  }, 30_000);

  it('reports each host that cannot be opened with its stage and reason, and opens the others', async () => {
    const { deps } = runDeps(PASSWORD);
    const bad = project([
      // Nothing listens here.
      { name: 'gone', host: '127.0.90.23', port: 2222, os: 'linux' },
      // The Windows host declared as Linux.
      { name: 'wrong-os', host: windows.host.address, port: windows.host.port, os: 'linux' },
    ]);
    const run = await openClusterRun(bad, deps, { reviewWindowMs: 2_000, timeouts: { readyMs: 5_000 } });
    try {
      const gone = run.member('gone');
      const wrongOs = run.member('wrong-os');
      expect(gone?.ok === false && gone.stage).toBe('connect');
      expect(gone?.ok === false && gone.reason).toMatch(/127\.0\.90\.23/);
      expect(wrongOs?.ok === false && wrongOs.stage).toBe('os-shell');
      expect(wrongOs?.ok === false && wrongOs.reason).toMatch(/project says linux, but the host runs windows/);
      expect(run.member('lin')?.ok).toBe(true);
    } finally {
      await run.close();
    }
  }, 30_000);

  it('refused host keys fail at the host-key stage and pin nothing', async () => {
    const { deps } = runDeps(PASSWORD, false);
    const run = await openClusterRun(project(), deps, { reviewWindowMs: 2_000 });
    try {
      expect(run.members.map((member) => (member.ok ? 'ok' : member.stage))).toEqual(['host-key', 'host-key']);
      expect(run.accepted).toEqual([]);
      expect(run.project.hostKeys).toEqual([]);
    } finally {
      await run.close();
    }
  }, 30_000);
});
