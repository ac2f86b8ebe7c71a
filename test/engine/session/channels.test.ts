import { describe, expect, it } from 'vitest';
import { ChannelLimiter } from '../../../engine/ssh/session/channel-limiter.js';
import { DEFAULT_CHANNEL_RETRY, backoffDelay, isTransientOpenFailure, openWithRetry } from '../../../engine/ssh/session/channel-retry.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import { PASSWORD, password, startTestHost, targetFor, testDeps } from './helpers.js';

describe('channel limiter and open retry (units)', () => {
  it('backoff doubles from 100 ms and stops at 2 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(DEFAULT_CHANNEL_RETRY, retry))).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });

  it('only channel-open refusals are transient', () => {
    expect(isTransientOpenFailure(new Error('(SSH) Channel open failure: open failed'))).toBe(true);
    expect(isTransientOpenFailure(new Error('Not connected'))).toBe(false);
  });

  it('retries a refusal within the count, gives up after it', async () => {
    let calls = 0;
    const policy = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2, budgetMs: 1_000 };
    await expect(
      openWithRetry(
        () => (++calls < 3 ? Promise.reject(new Error('open failed')) : Promise.resolve('ok')),
        policy,
        () => undefined,
      ),
    ).resolves.toBe('ok');
    calls = 0;
    await expect(
      openWithRetry(
        () => (++calls, Promise.reject(new Error('open failed'))),
        policy,
        () => undefined,
      ),
    ).rejects.toThrow('open failed');
    expect(calls).toBe(3);
  });

  it('hands out at most N slots, first come first served, and fails waiters when the connection ends', async () => {
    const limiter = new ChannelLimiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    const order: string[] = [];
    const third = limiter.acquire().then((permit) => (order.push('third'), permit));
    const fourth = limiter.acquire().catch((error: Error) => order.push(`fourth: ${error.message}`));
    expect(limiter.stats()).toMatchObject({ open: 2, waiting: 2 });
    a.release();
    a.release();
    await third;
    limiter.fail(new Error('gone'));
    await fourth;
    expect(order).toEqual(['third', 'fourth: gone']);
    expect(limiter.stats()).toMatchObject({ open: 2, peak: 2, opened: 3, closed: 1, waiting: 0 });
  });
});

describe('channels on one emulated host', () => {
  it('1,000 execs on one connection: never more than 3 channels, none leaked, the host still serves', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.60.41' });
    const t = testDeps({ answers: [password(PASSWORD)] });
    const session = await openSession(targetFor('127.0.60.41', test.host.port), t.deps);
    try {
      // An exec's bound starts when it is asked for, queue included; this test is about leaks, not speed,
      // so the bound is wide enough for the last of 1,000 queued commands on a slow, shared machine.
      const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => session.exec(`echo ${i}`, { timeoutMs: 150_000 })));
      expect(results.every((result, i) => result.code === 0 && result.stdout.toString() === `${i}\n`)).toBe(true);
      expect(session.stats()).toEqual({ open: 0, peak: 3, waiting: 0, opened: 1000, closed: 1000, retries: 0 });
      // The server's own limit (MaxSessions 10) would refuse new channels had any leaked there.
      await session.writeFile('/tmp/after.txt', 'still fine');
      expect((await session.exec('cat /tmp/after.txt')).stdout.toString()).toBe('still fine');
      expect(t.transcript.entries().filter((entry) => entry.kind === 'exec')).toHaveLength(1001);
    } finally {
      await session.close();
      await test.stop();
    }
  }, 180_000);

  it("past the server's MaxSessions (10): refused opens are retried with backoff and all commands succeed", async () => {
    // `slow` delays every answer, so 12 channels are open together and the server refuses the last two.
    const test = await startTestHost({ os: 'linux', address: '127.0.60.42', faults: [{ kind: 'slow', latencyMs: 150 }] });
    const t = testDeps({ answers: [password(PASSWORD)], overrides: { maxChannels: 12 } });
    const session = await openSession(targetFor('127.0.60.42', test.host.port), t.deps);
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => session.exec(`echo ${i}`)));
      expect(results.map((result) => result.stdout.toString())).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
      const stats = session.stats();
      expect(stats.retries).toBeGreaterThanOrEqual(2);
      expect(stats).toMatchObject({ open: 0, waiting: 0 });
    } finally {
      await session.close();
      await test.stop();
    }
  }, 30_000);
});
