import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { TestHost } from './helpers.js';
import { PASSWORD, USER, password, startFreezableProxy, startTestHost, targetFor, testDeps } from './helpers.js';
import { startScriptedServer } from './scripted-server.js';

const ADDRESS = '127.0.60.21';

function listen(server: Server, address: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, address, () => resolve((server.address() as AddressInfo).port)));
}

describe('session connect: host keys, bounds, unusual servers', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: ADDRESS });
  });
  afterAll(async () => {
    await test.stop();
  });

  it('a host key the verifier rejects is refused before authentication: no prompt, no password sent', async () => {
    const t = testDeps({ answers: [password(PASSWORD)], verify: () => Promise.resolve(false) });
    await expect(openSession(targetFor(ADDRESS, test.host.port), t.deps)).rejects.toMatchObject({
      code: 'host-key-rejected',
      message: `host key of ${ADDRESS}:${test.host.port} was not accepted; refused before authentication`,
    });
    expect(t.verified).toHaveLength(1);
    expect(t.asked).toEqual([]);
    expect(t.transcript.entries()).toMatchObject([{ kind: 'connect', errorCode: 'host-key-rejected' }]);
  });

  it('a verifier that fails (throws) refuses the host too: fail closed', async () => {
    const t = testDeps({ verify: () => Promise.reject(new Error('known_hosts unreadable')) });
    await expect(openSession(targetFor(ADDRESS, test.host.port), t.deps)).rejects.toMatchObject({
      code: 'host-key-rejected',
      message: expect.stringContaining('could not be verified (known_hosts unreadable)'),
    });
    expect(t.asked).toEqual([]);
  });

  it('hostKeyAlgorithms is passed to ssh2 as the exact serverHostKey list', async () => {
    const ok = await openSession(
      targetFor(ADDRESS, test.host.port),
      testDeps({ answers: [password(PASSWORD)], overrides: { hostKeyAlgorithms: ['ssh-ed25519'] } }).deps,
    );
    await ok.close();
    const t = testDeps({ overrides: { hostKeyAlgorithms: ['rsa-sha2-512'] } });
    await expect(openSession(targetFor(ADDRESS, test.host.port), t.deps)).rejects.toMatchObject({
      code: 'connection-failed',
      message: expect.stringMatching(/^SSH handshake with 127\.0\.60\.21:\d+ failed: .*host key/i),
    });
    expect(t.verified).toEqual([]);
  });

  it('a silent host (accepts TCP, never sends a banner) fails with timeout within readyTimeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    const port = await listen(silent, '127.0.60.22');
    try {
      const t = testDeps({ overrides: { timeouts: { readyMs: 600 } } });
      const started = Date.now();
      await expect(openSession(targetFor('127.0.60.22', port), t.deps)).rejects.toMatchObject({
        code: 'timeout',
        message: `timeout: 127.0.60.22:${port} accepted the TCP connection but completed no SSH handshake within 0.6 s (no banner or key exchange)`,
      });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(550);
      expect(elapsed).toBeLessThan(1_600);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('nothing listening: connection-failed', async () => {
    const closed = createServer();
    const port = await listen(closed, '127.0.60.23');
    await new Promise((resolve) => closed.close(resolve));
    await expect(openSession(targetFor('127.0.60.23', port), testDeps().deps)).rejects.toMatchObject({
      code: 'connection-failed',
      message: expect.stringContaining(`cannot connect to 127.0.60.23:${port}: connect ECONNREFUSED`),
    });
  });

  it('the login bound pauses while a person types: a 1.2 s answer under a 0.8 s readyTimeout still logs in', async () => {
    const t = testDeps({ answers: [password(PASSWORD)], answerDelayMs: 1_200, overrides: { timeouts: { readyMs: 800 } } });
    const session = await openSession(targetFor(ADDRESS, test.host.port), t.deps);
    expect((await session.exec('whoami')).stdout.toString()).toBe(`${USER}\n`);
    await session.close();
  });

  it('a host that goes dead mid-session is detected by keepalive: the running exec fails with connection-lost', async () => {
    const proxy = await startFreezableProxy('127.0.60.28', ADDRESS, test.host.port);
    const t = testDeps({
      answers: [password(PASSWORD)],
      overrides: { timeouts: { keepaliveIntervalMs: 200, keepaliveCountMax: 2, commandMs: 30_000 } },
    });
    const session = await openSession(targetFor('127.0.60.28', proxy.port), t.deps);
    try {
      expect((await session.exec('echo up')).stdout.toString()).toBe('up\n');
      proxy.freeze();
      const started = Date.now();
      await expect(session.exec('echo never')).rejects.toMatchObject({
        code: 'connection-lost',
        message: 'connection lost during exec echo never (Keepalive timeout)',
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(session.ended?.code).toBe('connection-lost');
    } finally {
      await session.close();
      await proxy.stop();
    }
  });

  it('after close(), operations fail at once with closed', async () => {
    const session = await openSession(targetFor(ADDRESS, test.host.port), testDeps({ answers: [password(PASSWORD)] }).deps);
    await session.close();
    await expect(session.exec('true')).rejects.toMatchObject({ code: 'closed' });
    await expect(session.readFile('/etc/hostname')).rejects.toMatchObject({
      code: 'closed',
      message: `session to ${ADDRESS}:${test.host.port} was closed during sftp read /etc/hostname`,
    });
  });

  it('keyboard-interactive asking for a one-time code after the password: the code round goes to a person', async () => {
    const server = await startScriptedServer({
      address: '127.0.60.24',
      kbdRounds: [[{ prompt: 'Password: ', echo: false }], [{ prompt: 'Verification code: ', echo: false }]],
      kbdExpected: [[PASSWORD], ['424242']],
    });
    try {
      const t = testDeps({ answers: [password(PASSWORD), { kind: 'kbd-interactive', answers: ['424242'] }] });
      const session = await openSession(targetFor('127.0.60.24', server.port, { method: 'keyboard-interactive' }), t.deps);
      await session.close();
      expect(t.asked.map((prompt) => prompt.kind)).toEqual(['password', 'kbd-interactive']);
    } finally {
      await server.stop();
    }
  });

  it('a method the server does not offer fails before anything is read or asked', async () => {
    const server = await startScriptedServer({ address: '127.0.60.29' });
    try {
      const t = testDeps();
      await expect(
        openSession(targetFor('127.0.60.29', server.port, { method: 'key', keyPath: '/nonexistent/id_ed25519' }), t.deps),
      ).rejects.toMatchObject({
        code: 'auth-failed',
        message: `authentication failed for ${USER}@127.0.60.29:${server.port}: the server does not offer key authentication (it offers: password)`,
      });
      expect(t.asked).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('keyboard-interactive with two prompts at once: both go to a person in one prompt, the password is not sent on its own', async () => {
    const server = await startScriptedServer({
      address: '127.0.60.25',
      kbdRounds: [
        [
          { prompt: 'Password: ', echo: false },
          { prompt: 'Token: ', echo: true },
        ],
      ],
      kbdExpected: [[PASSWORD, 'tok-1']],
    });
    try {
      const t = testDeps({ answers: [{ kind: 'kbd-interactive', answers: [PASSWORD, 'tok-1'] }] });
      const session = await openSession(targetFor('127.0.60.25', server.port, { method: 'password' }), t.deps);
      await session.close();
      expect(t.asked).toEqual([
        expect.objectContaining({
          kind: 'kbd-interactive',
          prompts: [
            { prompt: 'Password: ', echo: false },
            { prompt: 'Token: ', echo: true },
          ],
          round: 1,
        }),
      ]);
    } finally {
      await server.stop();
    }
  });

  it('a command that never ends: timeout after its own bound, the channel is closed and its slot freed', async () => {
    const server = await startScriptedServer({ address: '127.0.60.26', exec: 'hang' });
    const t = testDeps({ answers: [password(PASSWORD)] });
    const session = await openSession(targetFor('127.0.60.26', server.port), t.deps);
    try {
      const started = Date.now();
      await expect(session.exec('sleep infinity', { timeoutMs: 300 })).rejects.toMatchObject({
        code: 'timeout',
        message: 'timeout: exec did not finish within 0.3 s: sleep infinity',
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      await expect.poll(() => server.closedChannels()).toBe(1);
      await expect.poll(() => session.stats().open).toBe(0);
      expect(t.transcript.entries().at(-1)).toMatchObject({
        kind: 'exec',
        command: 'sleep infinity',
        exitCode: null,
        errorCode: 'timeout',
      });
    } finally {
      await session.close();
      await server.stop();
    }
  });

  it('channels always refused ("open failed"): retried with backoff, then channel-open-failed', async () => {
    const server = await startScriptedServer({ address: '127.0.60.27', refuseSessions: true });
    const t = testDeps({
      answers: [password(PASSWORD)],
      overrides: { channelRetry: { attempts: 4, initialDelayMs: 20, maxDelayMs: 100, budgetMs: 5_000 } },
    });
    const session = await openSession(targetFor('127.0.60.27', server.port), t.deps);
    try {
      await expect(session.exec('true')).rejects.toMatchObject({
        code: 'channel-open-failed',
        message: expect.stringContaining('the server kept refusing a new channel ((SSH) Channel open failure: open failed)'),
      });
      expect(server.refused()).toBe(4);
      expect(session.stats()).toMatchObject({ open: 0, retries: 3 });
    } finally {
      await session.close();
      await server.stop();
    }
  });
});
