import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { TestHost } from './helpers.js';
import { PASSWORD, password, startTestHost, targetFor, testDeps } from './helpers.js';

const WIN_ETC = '/C:/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc';
const WIN_LOCAL_ETC = 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc';
const LINUX_ETC = '/opt/kaspersky/ktfs/etc';

async function login(test: TestHost, answers = [password(PASSWORD)]) {
  const t = testDeps({ answers });
  const session = await openSession(targetFor(test.host.address, test.host.port), t.deps);
  return { session, ...t };
}

describe('session SFTP on an emulated Linux host', () => {
  let test: TestHost;
  let session: SshSession;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.60.31' });
    ({ session } = await login(test));
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('writes (exact mode) and reads back 100 KiB in single streams; stat and readdir see it', async () => {
    const data = randomBytes(100 * 1024);
    await session.writeFile('/tmp/big.bin', data, { mode: 0o640 });
    expect((await session.readFile('/tmp/big.bin')).equals(data)).toBe(true);
    expect(readFileSync(test.local('tmp/big.bin')).equals(data)).toBe(true);
    const stat = await session.stat('/tmp/big.bin');
    expect(stat).toMatchObject({ type: 'file', size: data.length });
    expect(stat.mode & 0o777).toBe(0o640);
    expect((await session.readdir('/tmp')).map((entry) => entry.name)).toContain('big.bin');
    // The SFTP subsystem is one long-lived channel: it stays open between operations.
    expect(session.stats().open).toBe(1);
  });

  it('mkdir, rename with posix-rename (replacing an existing target), unlink', async () => {
    await session.mkdir('/tmp/d');
    await session.writeFile('/tmp/d/a.conf', 'new');
    await session.writeFile('/tmp/d/b.conf', 'old');
    expect(await session.rename('/tmp/d/a.conf', '/tmp/d/b.conf')).toBe('posix-rename');
    expect((await session.readFile('/tmp/d/b.conf')).toString()).toBe('new');
    await session.unlink('/tmp/d/b.conf');
    expect(await session.readdir('/tmp/d')).toEqual([]);
    expect(statSync(test.local('tmp/d')).isDirectory()).toBe(true);
  });

  it('errors name the operation and path: no such file, permission denied', async () => {
    await expect(session.stat('/tmp/missing.conf')).rejects.toMatchObject({
      code: 'sftp',
      sftpReason: 'no-such-file',
      message: 'sftp stat /tmp/missing.conf: no such file or directory',
    });
    // sftp-server runs as the login user, who may not write the service tree.
    await expect(session.writeFile(`${LINUX_ETC}/new.conf`, 'x')).rejects.toMatchObject({
      code: 'sftp',
      sftpReason: 'permission-denied',
      operation: 'sftp write',
      path: `${LINUX_ETC}/new.conf`,
      message: `sftp write ${LINUX_ETC}/new.conf: permission denied`,
    });
    await expect(session.readFile('/tmp')).rejects.toMatchObject({ code: 'sftp', message: expect.stringMatching(/^sftp read \/tmp: /) });
  });
});

describe('session SFTP faults on emulated hosts', () => {
  it('disk-full (Windows): the data write fails with a no-space error naming the path', async () => {
    const test = await startTestHost({ os: 'windows', address: '127.0.60.32', faults: [{ kind: 'disk-full' }] });
    const { session } = await login(test);
    try {
      const path = `${WIN_ETC}/kl_feed_service.conf.tmp`;
      const error = await session.writeFile(path, 'x'.repeat(2000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'sftp', sftpReason: 'no-space', operation: 'sftp write', path });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^sftp write ${path}: no space left on device or quota exceeded \\(probably: the server answered "Failure" to a data write`,
        ),
      );
      // The session survives a failed write.
      expect((await session.readFile(`${WIN_ETC}/kl_feed_service.conf`)).toString()).toContain('9999');
    } finally {
      await session.close();
      await test.stop();
    }
  });

  it('permission-denied (Windows): writing the service tree is refused with a specific error', async () => {
    const test = await startTestHost({ os: 'windows', address: '127.0.60.33', faults: [{ kind: 'permission-denied' }] });
    const { session } = await login(test);
    try {
      await expect(session.writeFile(`${WIN_ETC}/kl_feed_service.conf`, 'x')).rejects.toMatchObject({
        code: 'sftp',
        sftpReason: 'permission-denied',
        message: `sftp write ${WIN_ETC}/kl_feed_service.conf: permission denied`,
      });
      expect(readFileSync(test.local(`${WIN_LOCAL_ETC}/kl_feed_service.conf`), 'utf8')).toContain('9999');
    } finally {
      await session.close();
      await test.stop();
    }
  });

  it('drop-mid-write (Windows SFTP): connection-lost naming the operation; later operations fail fast', async () => {
    const test = await startTestHost({ os: 'windows', address: '127.0.60.34', faults: [{ kind: 'drop-mid-write' }] });
    const { session, transcript } = await login(test);
    try {
      const path = `${WIN_ETC}/new.conf.tmp`;
      await expect(session.writeFile(path, 'x'.repeat(1000))).rejects.toMatchObject({
        code: 'connection-lost',
        operation: 'sftp write',
        path,
        message: expect.stringMatching(new RegExp(`^connection lost during sftp write ${path}`)),
      });
      expect(session.ended?.code).toBe('connection-lost');
      await expect(session.exec('hostname')).rejects.toMatchObject({
        code: 'connection-lost',
        message: expect.stringContaining('connection lost during exec hostname'),
      });
      expect(transcript.entries().slice(-2)).toMatchObject([
        { kind: 'sftp', op: 'write', path, errorCode: 'connection-lost' },
        { kind: 'exec', command: 'hostname', errorCode: 'connection-lost' },
      ]);
    } finally {
      await session.close();
      await test.stop();
    }
  });

  it('drop-mid-write (Linux, sudo tee): the exec gets no exit status and fails with connection-lost', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.60.35', faults: [{ kind: 'drop-mid-write' }] });
    const { session } = await login(test);
    try {
      const command = `sudo -S -p '' tee ${LINUX_ETC}/new.conf >/dev/null`;
      await expect(session.exec(command, { stdin: `${PASSWORD}\n${'y'.repeat(100)}`, secretStdin: true })).rejects.toMatchObject({
        code: 'connection-lost',
        operation: 'exec',
        message: expect.stringContaining(`connection lost during exec ${command}`),
      });
      expect(session.stats()).toMatchObject({ open: 0 });
    } finally {
      await session.close();
      await test.stop();
    }
  });
});
