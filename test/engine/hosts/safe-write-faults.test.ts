import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import { SafeWriteError, writeFileSafely } from '../../../engine/hosts/safe-write/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { LabFile, LabHostRecord } from '../../../lab/orchestrator/lab-file.js';
import type { FaultSpec, LabOs } from '../../../lab/spec.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { openTo, sessionDeps, startHost, startRelay } from './helpers.js';
import type { FreezableRelay } from './helpers.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

// Every seeded fault of the emulated hosts, on both dialects (127.0.62.5x-7x): the original file
// (checked in the host's local backing folder) keeps its bytes, and the failure names its step.
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const NOW = () => new Date(Date.UTC(2026, 1, 2, 3, 4, 5));
const cleanup: (() => Promise<void>)[] = [];
let nextAddress = 50;

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(os: LabOs, faults: FaultSpec[], readyMs = 8_000) {
  const test = await startHost({ os, address: `127.0.62.${nextAddress++}`, faults });
  cleanup.push(() => test.stop());
  const open = async (port?: number): Promise<SshSession> => {
    const { session } = await openTo(test, {
      ...(port ? { port } : {}),
      overrides: { timeouts: { readyMs, commandMs: 15_000, closeGraceMs: 500 } },
    });
    cleanup.push(() => session.close());
    return session;
  };
  const conf = test.layout.serviceConf;
  const original = readFileSync(test.local(conf));
  const next = Buffer.concat([original, Buffer.from(os === 'windows' ? '<!-- x -->\r\n' : '<!-- x -->\n')]);
  const ctha = (): string[] => readdirSync(dirname(test.local(conf))).filter((name) => name.includes('.ctha-'));
  return { test, open, conf, original, next, ctha };
}

async function failure(promise: Promise<unknown>): Promise<SafeWriteError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SafeWriteError);
  return error as SafeWriteError;
}

describe.each(['linux', 'windows'] as const)('%s', (os) => {
  it('drop-mid-write: the connection dies while the backup is written; the original is intact; a retry on a new session succeeds', async () => {
    const { test, open, conf, original, next, ctha } = await setup(os, [{ kind: 'drop-mid-write' }]);
    const dialect = await openDialect(await open());
    const error = await failure(writeFileSafely(dialect, conf, next, { timeoutMs: 5_000, now: NOW }));
    expect(error).toMatchObject({ step: 'backup', reason: 'connection-lost', original: 'untouched', backupVerified: false, leftovers: [] });
    expect(error.message).toContain('an unverified (possibly incomplete) backup is left at');
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
    // The half-written backup is left for people to see (never deleted); the retry picks another name.
    const partial = error.backupPath ?? '';
    expect(readFileSync(test.local(partial)).length).toBeLessThan(original.length);
    const retry = await writeFileSafely(await openDialect(await open()), conf, next, { expectedSha256: sha(original), now: NOW });
    expect(retry.backupPath).toBe(`${partial}-2`);
    expect(readFileSync(test.local(conf)).equals(next)).toBe(true);
    expect(readFileSync(test.local(retry.backupPath ?? '')).equals(original)).toBe(true);
    expect(ctha().filter((name) => !name.includes('ctha-backup'))).toEqual([]);
  });

  it('disk-full: the backup cannot be written (no-space); the original is intact', async () => {
    const { test, open, conf, original, next, ctha } = await setup(os, [{ kind: 'disk-full' }]);
    const error = await failure(writeFileSafely(await openDialect(await open()), conf, next, { now: NOW }));
    expect(error).toMatchObject({ step: 'backup', reason: 'no-space', original: 'untouched', backupVerified: false, leftovers: [] });
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
    // A full disk truncates what it could not write; that file is the (failed) backup, never deleted.
    expect(ctha()).toEqual([`${dialectBase(conf)}.ctha-backup-20260202T030405Z`]);
  });

  it('permission-denied: the service folder is immutable even for root/Administrator; nothing changes', async () => {
    const { test, open, conf, original, next, ctha } = await setup(os, [{ kind: 'permission-denied' }]);
    const error = await failure(writeFileSafely(await openDialect(await open()), conf, next, { now: NOW }));
    expect(error).toMatchObject({ step: 'backup', reason: 'permission-denied', original: 'untouched', leftovers: [] });
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
    expect(ctha()).toEqual([]);
  });

  it('slow: every operation is bounded; a write whose operations exceed the bound fails at read within it', async () => {
    const { test, open, conf, original, next } = await setup(os, [{ kind: 'slow', latencyMs: 400 }]);
    const dialect = await openDialect(await open());
    const started = Date.now();
    const error = await failure(writeFileSafely(dialect, conf, next, { timeoutMs: 600 }));
    expect(error).toMatchObject({ step: 'read', reason: 'timeout', original: 'untouched' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
  });

  it('slow but within bounds: the write completes', async () => {
    const { test, open, conf, next } = await setup(os, [{ kind: 'slow', latencyMs: 60 }]);
    const result = await writeFileSafely(await openDialect(await open()), conf, next, { timeoutMs: 10_000 });
    expect(result.changed).toBe(true);
    expect(readFileSync(test.local(conf)).equals(next)).toBe(true);
  }, 60_000);

  it('silent: no banner, so no session; the login fails with a timeout and nothing is touched', async () => {
    const { test, open, conf, original } = await setup(os, [{ kind: 'silent' }], 1_000);
    const started = Date.now();
    await expect(open()).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
  });

  it('a host that goes silent mid-write: the upload step times out within its bound; the original is intact', async () => {
    const { test, open, conf, original, next } = await setup(os, []);
    const relay: FreezableRelay = await startRelay(test.host.address, test);
    const dialect = await openDialect(await open(relay.port));
    // Stopped before the session is closed: an SSH close to a peer that never answers does not end
    // (ssh2's destroy() is a no-op once end() ran; reported to the session layer).
    cleanup.push(() => relay.stop());
    const started = Date.now();
    const error = await failure(
      writeFileSafely(dialect, conf, next, { timeoutMs: 1_000, now: NOW, onStep: (step) => step === 'upload' && relay.freeze() }),
    );
    expect(error).toMatchObject({ step: 'upload', reason: 'timeout', original: 'untouched', backupVerified: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(test.local(conf)).equals(original)).toBe(true);
    // The verified backup made before the host went quiet is kept.
    expect(existsSync(test.local(error.backupPath ?? ''))).toBe(true);
  });
});

function dialectBase(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

// The same presets on Debian's real sshd (127.0.117.x): slow, silent and drop-mid-write through the
// lab's TCP relay in front of sshd, disk-full as a full tmpfs over etc/ and permission-denied as a
// read-only service tree, both inside the host's mount namespace (docs/LAB.md).
const opensshSkip = opensshUnavailableReason();
const FAULTS = ['drop-mid-write', 'disk-full', 'permission-denied', 'slow:400', 'slow:60', 'silent'] as const;

describe.skipIf(opensshSkip !== undefined)(`OpenSSH backend: every fault preset${opensshSkip ? ` (skipped: ${opensshSkip})` : ''}`, () => {
  let testLab: TestLab | undefined;
  let lab: LabFile;
  const sessions: SshSession[] = [];

  beforeAll(() => {
    const faults = FAULTS.flatMap((fault, index) => ['--fault', `ct-linux-${index + 1}:${fault}`]);
    testLab = startLab('127.0.117.10', [
      '--linux',
      String(FAULTS.length),
      '--windows',
      '0',
      '--backend',
      'openssh',
      '--drift',
      'none',
      ...faults,
    ]);
    lab = testLab.file;
  }, 300_000);

  afterAll(async () => {
    for (const session of sessions) await session.close().catch(() => undefined);
    testLab?.down();
  }, 90_000);

  function host(index: number): LabHostRecord {
    const found = lab.hosts[index];
    if (!found) throw new Error(`no host ${index}`);
    return found;
  }
  async function open(record: LabHostRecord, readyMs = 15_000): Promise<SshSession> {
    const { deps } = sessionDeps(lab.credentials.password, record.hostPublicKey, {
      timeouts: { readyMs, commandMs: 15_000, closeGraceMs: 500 },
    });
    const session = await openSession(
      { instance: record.instance.name, host: record.instance.address, port: 22, user: lab.credentials.user, auth: { method: 'password' } },
      deps,
    );
    sessions.push(session);
    return session;
  }
  function files(record: LabHostRecord) {
    const conf = hostTreeLayout(record.instance).serviceConf;
    const local = hostPathToLocal(record.instance, conf);
    const original = readFileSync(local);
    // About 3.5 KiB: its SFTP WRITE is the burst drop-mid-write waits for.
    const next = Buffer.concat([original, Buffer.from('<!-- x -->\n')]);
    const leftovers = (): string[] => readdirSync(dirname(local)).filter((name) => name.includes('.ctha-'));
    return { conf, local, original, next, leftovers };
  }

  it('drop-mid-write: the relay cuts the connection during the SFTP upload; the original is intact; a retry succeeds', async () => {
    const record = host(0);
    const { conf, local, original, next } = files(record);
    expect(next.length).toBeGreaterThan(3072);
    const started = Date.now();
    const error = await failure(
      writeFileSafely(await openDialect(await open(record), { expectedOs: 'linux' }), conf, next, { timeoutMs: 10_000, now: NOW }),
    );
    expect(error).toMatchObject({ step: 'upload', reason: 'connection-lost', original: 'untouched', backupVerified: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readFileSync(local).equals(original)).toBe(true);
    const retry = await writeFileSafely(await openDialect(await open(record), { expectedOs: 'linux' }), conf, next, {
      expectedSha256: sha(original),
      now: NOW,
    });
    expect(retry.backupPath).toBe(`${error.backupPath ?? ''}-2`);
    expect(readFileSync(local).equals(next)).toBe(true);
  });

  it('disk-full: the backup gets no data block (no-space); the original is intact', async () => {
    const record = host(1);
    const { conf, local, original, next } = files(record);
    const session = await open(record);
    const error = await failure(
      writeFileSafely(await openDialect(session, { expectedOs: 'linux' }), conf, next, { timeoutMs: 10_000, now: NOW }),
    );
    expect(error).toMatchObject({ step: 'backup', reason: 'no-space', original: 'untouched', backupVerified: false });
    expect(error.message).toMatch(/No space left on device/);
    expect(readFileSync(local).equals(original)).toBe(true);
    // The full file system is the namespace's tmpfs: the host sees the empty failed backup, the tree does not.
    const listed = (await session.readdir(dirname(conf))).map((entry) => entry.name);
    expect(listed).toContain(`kl_feed_service.conf.ctha-backup-20260202T030405Z`);
    expect(listed).not.toContain('.ctha-lab-fill');
  });

  it('permission-denied: the service tree is read-only even for root; nothing changes', async () => {
    const record = host(2);
    const { conf, local, original, next, leftovers } = files(record);
    const error = await failure(
      writeFileSafely(await openDialect(await open(record), { expectedOs: 'linux' }), conf, next, { timeoutMs: 10_000, now: NOW }),
    );
    expect(error).toMatchObject({ step: 'backup', reason: 'permission-denied', original: 'untouched' });
    expect(error.message).toMatch(/Read-only file system/);
    expect(readFileSync(local).equals(original)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('slow (400 ms per answer): a write bounded at 600 ms fails at read within its bound', async () => {
    const record = host(3);
    const { conf, local, original, next } = files(record);
    const dialect = await openDialect(await open(record), { expectedOs: 'linux' });
    const started = Date.now();
    const error = await failure(writeFileSafely(dialect, conf, next, { timeoutMs: 600 }));
    expect(error).toMatchObject({ step: 'read', reason: 'timeout', original: 'untouched' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(readFileSync(local).equals(original)).toBe(true);
  }, 60_000);

  it('slow (60 ms per answer) within its bounds: the write completes', async () => {
    const record = host(4);
    const { conf, local, next } = files(record);
    const result = await writeFileSafely(await openDialect(await open(record), { expectedOs: 'linux' }), conf, next, { timeoutMs: 10_000 });
    expect(result.changed).toBe(true);
    expect(readFileSync(local).equals(next)).toBe(true);
  }, 60_000);

  it('silent: TCP is accepted and never answered; the login fails with a timeout and nothing is touched', async () => {
    const record = host(5);
    const { local, original } = files(record);
    const started = Date.now();
    await expect(open(record, 1_000)).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(readFileSync(local).equals(original)).toBe(true);
  });
});
