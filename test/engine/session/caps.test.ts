import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { SFTPWrapper } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDeps, SshSession } from '../../../engine/ssh/session/index.js';
import { EXEC_OUTPUT_CAP_BYTES, FILE_CAP_BYTES, MIB, openSession } from '../../../engine/ssh/session/index.js';
import { FileTooLargeError, listDir, readWhole } from '../../../engine/ssh/session/sftp-ops.js';
import type { TestHost } from './helpers.js';
import { PASSWORD, password, startTestHost, targetFor, testDeps } from './helpers.js';

// Byte caps on what a host sends (engine/ssh/session/caps.ts). Emulated hosts on 127.0.150.x.

async function login(test: TestHost, overrides: Partial<SessionDeps> = {}) {
  const t = testDeps({
    answers: [password(PASSWORD)],
    overrides: { timeouts: { readyMs: 5_000, commandMs: 20_000, closeGraceMs: 1_000 }, ...overrides },
  });
  const session = await openSession(targetFor(test.host.address, test.host.port), t.deps);
  return { session, ...t };
}

describe('exec output cap against a flooding host', () => {
  let test: TestHost;
  let session: SshSession;
  let t: Awaited<ReturnType<typeof login>>;

  beforeAll(async () => {
    // 128 MiB per command: far more than any cap, so a missing cap shows as a success or a blown test.
    test = await startTestHost({ os: 'linux', address: '127.0.150.1', faults: [{ kind: 'flood', floodBytes: 128 * MIB }] });
    t = await login(test);
    session = t.session;
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('stops at the 4 MiB cap at once with output-too-large naming the command, the cap and what arrived', async () => {
    const started = Date.now();
    const error: unknown = await session.exec('cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf').catch((thrown: unknown) => thrown);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: 'output-too-large', operation: 'exec', limitBytes: EXEC_OUTPUT_CAP_BYTES });
    const { receivedBytes, message } = error as { receivedBytes: number; message: string };
    // Stopped on the chunk that crossed the cap: less than one SSH window (2 MiB) past it.
    expect(receivedBytes).toBeGreaterThan(EXEC_OUTPUT_CAP_BYTES);
    expect(receivedBytes).toBeLessThan(EXEC_OUTPUT_CAP_BYTES + 2 * MIB);
    expect(message).toBe(
      `output-too-large: exec output went over its cap of 4 MiB (${receivedBytes} bytes had arrived; reading stopped): cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf`,
    );
    // Reading all 128 MiB through ssh2 takes seconds; stopping at 4 MiB does not.
    expect(elapsed).toBeLessThan(10_000);
    expect(t.transcript.entries().at(-1)).toMatchObject({ kind: 'exec', errorCode: 'output-too-large', bytesIn: receivedBytes });
  });

  it('gives the channel slot back and the connection keeps serving (SFTP is not flooded)', async () => {
    await expect.poll(() => session.stats().open, { timeout: 5_000 }).toBe(0);
    expect((await session.readFile('/opt/kaspersky/ktfs/etc/kl_feed_service.conf')).toString()).toContain('<Port>9999</Port>');
    await expect(session.exec('id -un', { maxOutputBytes: 64 * 1024 })).rejects.toMatchObject({
      code: 'output-too-large',
      limitBytes: 64 * 1024,
    });
    await expect.poll(() => session.stats().open, { timeout: 5_000 }).toBe(1); // only the SFTP channel
  });
});

describe('caps on a normal host: per call, per session, SFTP reads', () => {
  let test: TestHost;
  let session: SshSession;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.150.2' });
    ({ session } = await login(test));
    writeFileSync(test.local('tmp/big-17m.bin'), Buffer.alloc(17 * MIB, 0x41));
    writeFileSync(test.local('tmp/one-mib.bin'), randomBytes(MIB));
    writeFileSync(test.local('tmp/text-3000.txt'), 'x'.repeat(3000));
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('an SFTP read over the 16 MiB cap fails with output-too-large before reading it', async () => {
    const started = Date.now();
    await expect(session.readFile('/tmp/big-17m.bin')).rejects.toMatchObject({
      code: 'output-too-large',
      operation: 'sftp read',
      path: '/tmp/big-17m.bin',
      limitBytes: FILE_CAP_BYTES,
      receivedBytes: 0,
      message: `output-too-large: sftp read /tmp/big-17m.bin: the file is over the cap of 16 MiB (the server says it holds ${17 * MIB} bytes; nothing was read)`,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a normal-sized read still works, byte for byte, and a file exactly at a cap passes', async () => {
    const bytes = await session.readFile('/tmp/one-mib.bin');
    expect(bytes.length).toBe(MIB);
    expect((await session.readFile('/tmp/one-mib.bin', { maxBytes: MIB })).equals(bytes)).toBe(true);
    await expect(session.readFile('/tmp/one-mib.bin', { maxBytes: MIB - 1 })).rejects.toMatchObject({
      code: 'output-too-large',
      limitBytes: MIB - 1,
    });
  });

  it('exec: the cap can be set per call; output at the cap passes, one byte over fails', async () => {
    expect((await session.exec('cat /tmp/text-3000.txt', { maxOutputBytes: 3000 })).stdout.length).toBe(3000);
    await expect(session.exec('cat /tmp/text-3000.txt', { maxOutputBytes: 2999 })).rejects.toMatchObject({
      code: 'output-too-large',
      limitBytes: 2999,
      receivedBytes: 3000,
    });
    await expect(session.exec('cat /tmp/text-3000.txt', { maxOutputBytes: 0 })).rejects.toThrow(
      'maxOutputBytes must be a positive whole number of bytes, got 0',
    );
  });

  it('a session-wide override applies to every exec and read of that session only', async () => {
    const small = await login(test, { caps: { execOutputBytes: 1000, fileBytes: 2000 } });
    try {
      await expect(small.session.exec('cat /tmp/text-3000.txt')).rejects.toMatchObject({ code: 'output-too-large', limitBytes: 1000 });
      await expect(small.session.readFile('/tmp/text-3000.txt')).rejects.toMatchObject({ code: 'output-too-large', limitBytes: 2000 });
    } finally {
      await small.session.close();
    }
    expect((await session.readFile('/tmp/text-3000.txt')).length).toBe(3000);
    await expect(login(test, { caps: { fileBytes: -1 } })).rejects.toThrow(
      'caps.fileBytes must be a positive whole number of bytes, got -1',
    );
  });
});

describe('SFTP read deadline', () => {
  it('a host that answers SFTP too slowly: the read fails with timeout within its bound', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.150.3', faults: [{ kind: 'slow', latencyMs: 600 }] });
    const { session } = await login(test);
    try {
      const started = Date.now();
      await expect(session.readFile('/opt/kaspersky/ktfs/etc/kl_feed_service.conf', { timeoutMs: 300 })).rejects.toMatchObject({
        code: 'timeout',
        message: 'timeout: sftp read /opt/kaspersky/ktfs/etc/kl_feed_service.conf did not finish within 0.3 s',
      });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await session.close();
      await test.stop();
    }
  }, 20_000);
});

describe('readWhole counts what arrives when the server announces no size', () => {
  // A minimal SFTP wrapper: FSTAT fails (as for a pipe or a server without it), READ serves `size` bytes.
  function fakeSftp(size: number): { sftp: SFTPWrapper; requested: number[]; closed: () => boolean } {
    const requested: number[] = [];
    let closed = false;
    const sftp = {
      open: (_path: string, _flags: string, cb: (error: Error | undefined, handle: Buffer) => void) => cb(undefined, Buffer.from('h')),
      fstat: (_handle: Buffer, cb: (error: Error) => void) => cb(new Error('Failure')),
      read: (
        _handle: Buffer,
        buffer: Buffer,
        offset: number,
        length: number,
        position: number,
        cb: (error: Error | undefined, bytesRead: number) => void,
      ) => {
        requested.push(length);
        const got = Math.max(0, Math.min(length, size - position));
        buffer.fill(0x42, offset, offset + got);
        cb(undefined, got);
      },
      close: (_handle: Buffer, cb: (error?: Error) => void) => {
        closed = true;
        cb();
      },
    };
    return { sftp: sftp as unknown as SFTPWrapper, requested, closed: () => closed };
  }

  it('stops one byte past the cap, never asks for more, and closes the handle', async () => {
    const fake = fakeSftp(10 * MIB);
    const counter = { in: 0, out: 0 };
    const error: unknown = await readWhole(fake.sftp, '/x', counter, 100_000).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error).toMatchObject({ limitBytes: 100_000, receivedBytes: 100_001, announcedBytes: undefined });
    expect(counter.in).toBe(100_001);
    expect(fake.requested.reduce((sum, length) => sum + length, 0)).toBe(100_001);
    expect(fake.closed()).toBe(true);
  });

  it('a file of exactly the cap is read whole', async () => {
    const fake = fakeSftp(100_000);
    expect((await readWhole(fake.sftp, '/x', { in: 0, out: 0 }, 100_000)).length).toBe(100_000);
  });
});

describe('listDir reads a listing batch by batch and stops at its cap (review finding: no bound before)', () => {
  // READDIR answers batches of `perBatch` entries, `batches` times (Infinity: never EOF), then EOF (code 1).
  function fakeDir(batches: number, perBatch: number): { sftp: SFTPWrapper; calls: () => number; closed: () => boolean } {
    let calls = 0;
    let closed = false;
    const entry = (index: number) => ({
      filename: `f${index}.key`,
      longname: `-rw------- 1 root root 10 Jan 1 00:00 f${index}.key`,
      attrs: { mode: 0o100600, size: 10, uid: 0, gid: 0, atime: 0, mtime: 0 },
    });
    const sftp = {
      opendir: (_path: string, cb: (error: Error | undefined, handle: Buffer) => void) => cb(undefined, Buffer.from('d')),
      readdir: (_handle: Buffer, cb: (error: (Error & { code?: number }) | undefined, list?: unknown[]) => void) => {
        calls += 1;
        if (calls > batches) return cb(Object.assign(new Error('EOF'), { code: 1 }));
        return cb(
          undefined,
          Array.from({ length: perBatch }, (_, index) => entry(calls * perBatch + index)),
        );
      },
      close: (_handle: Buffer, cb: (error?: Error) => void) => {
        closed = true;
        cb();
      },
    };
    return { sftp: sftp as unknown as SFTPWrapper, calls: () => calls, closed: () => closed };
  }

  it('a server that never says EOF is stopped at the cap, the handle closed', async () => {
    const fake = fakeDir(Number.POSITIVE_INFINITY, 100);
    const error: unknown = await listDir(fake.sftp, '/lic', 50_000).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as FileTooLargeError).limitBytes).toBe(50_000);
    expect(fake.calls()).toBeLessThan(10);
    expect(fake.closed()).toBe(true);
  });

  it('a finite listing comes back whole and sorted, the handle closed', async () => {
    const fake = fakeDir(3, 5);
    const entries = await listDir(fake.sftp, '/lic', 50_000);
    expect(entries).toHaveLength(15);
    expect(entries.map((entry) => entry.name)).toEqual([...entries.map((entry) => entry.name)].sort());
    expect(fake.closed()).toBe(true);
  });
});
