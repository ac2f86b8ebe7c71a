import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionError, openSession } from '../../../engine/ssh/session/index.js';
import { generateUsableKeyPair } from '../../../lab/emulated/keys.js';
import type { TestHost } from './helpers.js';
import { PASSWORD, USER, USER_KEY, passphrase, password, startTestHost, targetFor, tempDir, testDeps, writeKeyFile } from './helpers.js';

const ADDRESS = '127.0.60.11';

function sshKeygen(dir: string, secret: string): { path: string; publicKey: string } | undefined {
  const path = join(dir, 'id_encrypted');
  const run = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', secret, '-C', 'session-test', '-f', path], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim() };
}

const keygenMissing = spawnSync('ssh-keygen', ['-?']).error ? 'ssh-keygen is not installed' : undefined;
const agentMissing =
  spawnSync('ssh-agent', ['-?']).error || spawnSync('ssh-add', ['-?']).error ? 'ssh-agent or ssh-add is not installed' : undefined;

describe('session authentication against an emulated host', () => {
  let test: TestHost;
  const keys = tempDir('ctha-session-keys-');

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: ADDRESS });
  });
  afterAll(async () => {
    await test.stop();
    keys.cleanup();
  });

  const target = (auth: Parameters<typeof targetFor>[2], user?: string) => targetFor(ADDRESS, test.host.port, auth, user);

  it('password: asks once (purpose ssh), logs in, keeps the password in memory for sudo', async () => {
    const t = testDeps({ answers: [password(PASSWORD)] });
    const session = await openSession(target({ method: 'password' }), t.deps);
    try {
      expect(t.asked).toEqual([
        { kind: 'password', promptId: expect.any(String), instance: 'node-1', user: USER, host: ADDRESS, purpose: 'ssh' },
      ]);
      expect(session.loginPassword()).toBe(PASSWORD);
      const result = await session.exec('whoami');
      expect(result.stdout.toString()).toBe('ctlab\n');
      expect(t.redactor.redact(`x${PASSWORD}y`)).toBe('x[redacted]y');
    } finally {
      await session.close();
    }
  });

  it('wrong password: auth-failed naming user, host, port and the methods tried', async () => {
    const t = testDeps({ answers: [password('not-it')] });
    const error = await openSession(target({ method: 'password' }), t.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({
      code: 'auth-failed',
      message: `authentication failed for ${USER}@${ADDRESS}:${test.host.port} (methods tried: password)`,
    });
    expect(t.asked).toHaveLength(1);
  });

  it('keyboard-interactive: the single echo-off prompt is answered with the password; a wrong one fails', async () => {
    const good = testDeps({ answers: [password(PASSWORD)] });
    const session = await openSession(target({ method: 'keyboard-interactive' }), good.deps);
    expect(session.loginPassword()).toBe(PASSWORD);
    await session.close();
    const bad = testDeps({ answers: [password('wrong')] });
    await expect(openSession(target({ method: 'keyboard-interactive' }), bad.deps)).rejects.toMatchObject({
      code: 'auth-failed',
      message: `authentication failed for ${USER}@${ADDRESS}:${test.host.port} (methods tried: keyboard-interactive ("Password:" answered with the password))`,
    });
  });

  it('a cancelled password prompt gives cancelled, not an auth failure', async () => {
    const t = testDeps({ answers: [{ kind: 'cancel' }] });
    await expect(openSession(target({ method: 'password' }), t.deps)).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringContaining('password prompt'),
    });
  });

  it('key file: logs in without any prompt; another key fails; a missing file is a key-file error', async () => {
    const good = writeKeyFile(keys.dir, 'id_good', USER_KEY.private);
    const t = testDeps();
    const session = await openSession(target({ method: 'key', keyPath: good }), t.deps);
    expect(t.asked).toEqual([]);
    expect(session.loginPassword()).toBeUndefined();
    await session.close();
    const other = writeKeyFile(keys.dir, 'id_other', generateUsableKeyPair().private);
    await expect(openSession(target({ method: 'key', keyPath: other }), testDeps().deps)).rejects.toMatchObject({
      code: 'auth-failed',
      message: expect.stringContaining('(methods tried: publickey)'),
    });
    await expect(openSession(target({ method: 'key', keyPath: join(keys.dir, 'nope') }), testDeps().deps)).rejects.toMatchObject({
      code: 'key-file',
      message: `cannot read key file ${join(keys.dir, 'nope')}: no such file`,
    });
  });

  it.skipIf(keygenMissing !== undefined)(
    `encrypted key (ssh-keygen -N): asks for the passphrase, again after a wrong one${keygenMissing ? ` (skipped: ${keygenMissing})` : ''}`,
    async () => {
      const key = sshKeygen(keys.dir, 'correct horse');
      if (!key) throw new Error('ssh-keygen failed');
      const host = await startTestHost({ os: 'linux', address: '127.0.60.12', userPublicKey: key.publicKey });
      try {
        const t = testDeps({ answers: [passphrase('wrong'), passphrase('correct horse')] });
        const session = await openSession(targetFor('127.0.60.12', host.host.port, { method: 'key', keyPath: key.path }), t.deps);
        expect(t.asked.map((p) => p.kind === 'passphrase' && p.keyPath)).toEqual([key.path, key.path]);
        expect((await session.exec('whoami')).stdout.toString()).toBe('ctlab\n');
        await session.close();

        const wrong = testDeps({ answers: [passphrase('wrong-one'), passphrase('wrong-two')], overrides: { passphraseAttempts: 2 } });
        await expect(
          openSession(targetFor('127.0.60.12', host.host.port, { method: 'key', keyPath: key.path }), wrong.deps),
        ).rejects.toMatchObject({
          code: 'key-file',
          message: `wrong passphrase for key file ${key.path} (2 attempts)`,
        });
        expect(JSON.stringify(wrong.transcript.entries())).not.toMatch(/correct horse/);
      } finally {
        await host.stop();
      }
    },
  );

  it('agent: no agent socket is a specific auth failure', async () => {
    const t = testDeps({ overrides: { agentSocket: join(keys.dir, 'no-agent.sock') } });
    await expect(openSession(target({ method: 'agent' }), t.deps)).rejects.toMatchObject({
      code: 'auth-failed',
      message: `authentication failed for ${USER}@${ADDRESS}:${test.host.port} (methods tried: publickey (ssh-agent)); agent: Failed to connect to agent`,
    });
  });

  describe.skipIf(agentMissing !== undefined)(`agent with a real ssh-agent${agentMissing ? ` (skipped: ${agentMissing})` : ''}`, () => {
    const socket = join(keys.dir, 'agent.sock');
    let agentPid = 0;

    beforeAll(() => {
      const out = execFileSync('ssh-agent', ['-a', socket, '-s'], { encoding: 'utf8' });
      agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1] ?? 0);
    });
    afterAll(() => {
      if (agentPid > 0) process.kill(agentPid);
    });

    it('logs in with a key the agent holds; fails with an agent holding another key', async () => {
      const other = writeKeyFile(keys.dir, 'id_agent_other', generateUsableKeyPair().private);
      execFileSync('ssh-add', ['-q', other], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
      await expect(openSession(target({ method: 'agent' }), testDeps({ overrides: { agentSocket: socket } }).deps)).rejects.toMatchObject({
        code: 'auth-failed',
        message: `authentication failed for ${USER}@${ADDRESS}:${test.host.port} (methods tried: publickey (ssh-agent))`,
      });
      const good = writeKeyFile(keys.dir, 'id_agent_good', USER_KEY.private);
      execFileSync('ssh-add', ['-q', good], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
      const t = testDeps({ overrides: { agentSocket: socket } });
      const session = await openSession(target({ method: 'agent' }), t.deps);
      expect(t.asked).toEqual([]);
      expect((await session.exec('whoami')).stdout.toString()).toBe('ctlab\n');
      await session.close();
      expect(existsSync(socket)).toBe(true);
    });
  });
});
