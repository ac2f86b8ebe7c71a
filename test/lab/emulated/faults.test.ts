import { readFileSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PASSWORD, call, confPath, connect, exec, powershellCommand, sftp, startTestHost } from './helpers.js';

const WIN_DIR = '/C:/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc';
const WIN_LOCAL = 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc';
const LINUX_ETC = '/opt/kaspersky/ktfs/etc';
const sudo = "sudo -S -p ''";

describe('emulated host: seeded faults', () => {
  it('silent: accepts TCP but never sends a banner', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.18', faults: [{ kind: 'silent' }] });
    try {
      const socket = new Socket();
      const received: Buffer[] = [];
      await new Promise<void>((resolve, reject) => socket.connect(test.host.port, '127.0.0.18', resolve).once('error', reject));
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(received).toEqual([]);
      socket.destroy();
      await expect(connect(test, { readyTimeout: 500 })).rejects.toThrow(/Timed out while waiting for handshake/);
    } finally {
      await test.stop();
    }
  });

  it('slow: delays the banner and every answer by latencyMs', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.19', faults: [{ kind: 'slow', latencyMs: 150 }] });
    try {
      const started = Date.now();
      const client = await connect(test);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      const before = Date.now();
      expect((await exec(client, 'echo slow')).stdout).toBe('slow\n');
      expect(Date.now() - before).toBeGreaterThanOrEqual(300);
      client.end();
    } finally {
      await test.stop();
    }
  });

  it('disk-full (Linux): the /opt volume takes no data; the target is left truncated; /tmp still works', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.20', faults: [{ kind: 'disk-full' }] });
    const client = await connect(test);
    try {
      const conf = confPath('linux');
      expect(await exec(client, `${sudo} tee ${conf} >/dev/null`, `${PASSWORD}\nnew`)).toMatchObject({
        code: 1,
        stderr: `tee: ${conf}: No space left on device\n`,
      });
      expect(statSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf')).size).toBe(0);
      expect(await exec(client, 'echo staged > /tmp/new.conf && cat /tmp/new.conf')).toMatchObject({ code: 0, stdout: 'staged\n' });
      expect(await exec(client, `${sudo} mv /tmp/new.conf ${LINUX_ETC}/x.conf`, `${PASSWORD}\n`)).toMatchObject({
        code: 1,
        stderr: `mv: error writing '${LINUX_ETC}/x.conf': No space left on device\n`,
      });
      expect((await exec(client, `test -e ${LINUX_ETC}/x.conf || echo gone; cat /tmp/new.conf`)).stdout).toBe('gone\nstaged\n');
      expect((await exec(client, 'df -Pk /opt/kaspersky/ktfs')).stdout).toMatch(/\/dev\/vdb1 +\d+ +\d+ +0 +100% \/opt\n$/);
    } finally {
      client.end();
      await test.stop();
    }
  });

  it('disk-full (Windows): SFTP WRITE fails with FAILURE, leaving the new file empty', async () => {
    const test = await startTestHost({ os: 'windows', address: '127.0.0.21', faults: [{ kind: 'disk-full' }] });
    const client = await connect(test);
    try {
      const s = await sftp(client);
      await expect(call<void>((cb) => s.writeFile(`${WIN_DIR}/kl_feed_service.conf.tmp`, 'data', cb))).rejects.toMatchObject({
        code: 4,
        message: 'Failure',
      });
      expect(statSync(test.local(`${WIN_LOCAL}/kl_feed_service.conf.tmp`)).size).toBe(0);
      const ps = await exec(
        client,
        powershellCommand("Set-Content -LiteralPath 'C:\\Users\\ctlab\\x.txt' -Value 'x'; (Get-PSDrive C).Free"),
      );
      expect(ps.stderr).toContain('There is not enough space on the disk.');
      expect(ps.stdout).toBe('0\r\n');
    } finally {
      client.end();
      await test.stop();
    }
  });

  it('permission-denied: the service tree is immutable even for root and Administrator', async () => {
    const linux = await startTestHost({ os: 'linux', address: '127.0.0.22', faults: [{ kind: 'permission-denied' }] });
    const windows = await startTestHost({ os: 'windows', address: '127.0.0.23', faults: [{ kind: 'permission-denied' }] });
    const lc = await connect(linux);
    const wc = await connect(windows);
    try {
      const conf = confPath('linux');
      await exec(lc, 'echo x > /tmp/x');
      expect(await exec(lc, `${sudo} cp /tmp/x ${conf}`, `${PASSWORD}\n`)).toMatchObject({
        code: 1,
        stderr: `cp: cannot create regular file '${conf}': Operation not permitted\n`,
      });
      expect(await exec(lc, `cat ${conf} >/dev/null && echo readable`)).toMatchObject({ stdout: 'readable\n' });
      const s = await sftp(wc);
      await expect(call<void>((cb) => s.writeFile(`${WIN_DIR}/kl_feed_service.conf`, 'x', cb))).rejects.toMatchObject({
        code: 3,
        message: 'Permission denied',
      });
      const ps = await exec(wc, powershellCommand(`Set-Content -LiteralPath '${confPath('windows')}' -Value 'x'`));
      expect(ps).toMatchObject({ code: 1, stderr: expect.stringContaining('is denied.') });
      expect(readFileSync(windows.local(`${WIN_LOCAL}/kl_feed_service.conf`), 'utf8')).toContain('9999');
    } finally {
      lc.end();
      wc.end();
      await linux.stop();
      await windows.stop();
    }
  });

  it('drop-mid-write (Windows SFTP): half the first block lands, the connection dies once', async () => {
    const test = await startTestHost({ os: 'windows', address: '127.0.0.24', faults: [{ kind: 'drop-mid-write' }] });
    try {
      const client = await connect(test);
      const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
      client.on('error', () => undefined);
      const s = await sftp(client);
      // ssh2's writeFile never calls back once the connection is gone: wait for the close instead.
      const write = call<void>((cb) => s.writeFile(`${WIN_DIR}/new.conf.tmp`, 'x'.repeat(1000), cb));
      write.catch(() => undefined);
      await closed;
      expect(statSync(test.local(`${WIN_LOCAL}/new.conf.tmp`)).size).toBe(500);
      const again = await connect(test);
      const s2 = await sftp(again);
      await call<void>((cb) => s2.writeFile(`${WIN_DIR}/new.conf.tmp`, 'x'.repeat(1000), cb));
      expect(statSync(test.local(`${WIN_LOCAL}/new.conf.tmp`)).size).toBe(1000);
      again.end();
    } finally {
      await test.stop();
    }
  });

  it('drop-mid-write (Linux shell): `sudo tee` into the service tree gets no exit status', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.25', faults: [{ kind: 'drop-mid-write' }] });
    try {
      const client = await connect(test);
      client.on('error', () => undefined);
      const result = await exec(client, `${sudo} tee ${LINUX_ETC}/new.conf >/dev/null`, `${PASSWORD}\n${'y'.repeat(100)}`);
      expect(result.code).toBeNull();
      expect(readFileSync(test.local('opt/kaspersky/ktfs/etc/new.conf'), 'utf8')).toBe('y'.repeat(50));
    } finally {
      await test.stop();
    }
  });
});
