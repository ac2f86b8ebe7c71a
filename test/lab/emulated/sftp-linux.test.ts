import { readFileSync } from 'node:fs';
import type { Stats } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SFTPWrapper } from 'ssh2';
import type { TestHost } from './helpers.js';
import { call, confPath, connect, sftp, startTestHost } from './helpers.js';

describe('emulated Linux host: SFTP', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  let s: SFTPWrapper;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.2' });
    client = await connect(test);
    s = await sftp(client);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('resolves . to the home folder', async () => {
    expect(await call<string>((cb) => s.realpath('.', cb))).toBe('/home/ctlab');
  });

  it('reads the service config', async () => {
    const data = await call<Buffer>((cb) => s.readFile(confPath('linux'), cb));
    expect(data.toString()).toContain('<Port>9999</Port>');
  });

  it('stats with mode, size, owner and mtime', async () => {
    const st = await call<Stats>((cb) => s.stat(confPath('linux'), cb));
    expect(st.isFile()).toBe(true);
    expect(st.uid).toBe(0);
    expect(st.gid).toBe(0);
    expect(st.size).toBe(readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf')).length);
    expect(st.mtime).toBeGreaterThan(1_600_000_000);
  });

  it('writes to a temp name in home, renames, and replaces with posix-rename', async () => {
    await call<void>((cb) => s.writeFile('/home/ctlab/new.conf.tmp', 'one', cb));
    await call<void>((cb) => s.rename('/home/ctlab/new.conf.tmp', '/home/ctlab/new.conf', cb));
    expect(readFileSync(test.local('home/ctlab/new.conf'), 'utf8')).toBe('one');
    const st = await call<Stats>((cb) => s.stat('/home/ctlab/new.conf', cb));
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([1000, 1000, 0o644]);

    await call<void>((cb) => s.writeFile('/home/ctlab/new.conf.tmp', 'two', cb));
    // OpenSSH's plain RENAME refuses to replace an existing file.
    await expect(call<void>((cb) => s.rename('/home/ctlab/new.conf.tmp', '/home/ctlab/new.conf', cb))).rejects.toMatchObject({
      code: 4,
      message: 'Failure',
    });
    await call<void>((cb) => s.ext_openssh_rename('/home/ctlab/new.conf.tmp', '/home/ctlab/new.conf', cb));
    expect(readFileSync(test.local('home/ctlab/new.conf'), 'utf8')).toBe('two');
  });

  it('refuses writes in the root-owned service tree and /etc', async () => {
    await expect(call<void>((cb) => s.writeFile('/opt/kaspersky/ktfs/etc/x.tmp', 'x', cb))).rejects.toMatchObject({
      code: 3,
      message: 'Permission denied',
    });
    await expect(call<void>((cb) => s.writeFile(confPath('linux'), 'x', cb))).rejects.toMatchObject({ code: 3 });
    await expect(call<void>((cb) => s.unlink(confPath('linux'), cb))).rejects.toMatchObject({ code: 3 });
    expect(readFileSync(test.local('opt/kaspersky/ktfs/etc/kl_feed_service.conf'), 'utf8')).toContain('9999');
  });

  it('allows /tmp, and chmod by the owner', async () => {
    await call<void>((cb) => s.writeFile('/tmp/stage.conf', 'x', cb));
    await call<void>((cb) => s.chmod('/tmp/stage.conf', 0o600, cb));
    const st = await call<Stats>((cb) => s.stat('/tmp/stage.conf', cb));
    expect(st.mode & 0o7777).toBe(0o600);
    await expect(call<void>((cb) => s.chmod(confPath('linux'), 0o666, cb))).rejects.toMatchObject({ code: 3 });
    await expect(call<void>((cb) => s.chown('/tmp/stage.conf', 0, 0, cb))).rejects.toMatchObject({ code: 3 });
  });

  it('lists, makes and removes directories', async () => {
    const list = await call<{ filename: string; longname: string }[]>((cb) => s.readdir('/opt/kaspersky/ktfs/etc', cb));
    expect(list.map((entry) => entry.filename)).toEqual(['kl_feed_service.conf']);
    expect(list[0]?.longname).toMatch(/^-rw-r--r-- +1 root +root +\d+ \w{3} [ \d]\d [\d:]{5} kl_feed_service.conf$/);
    await call<void>((cb) => s.mkdir('/home/ctlab/d', cb));
    await expect(call<void>((cb) => s.mkdir('/home/ctlab/d', cb))).rejects.toMatchObject({ code: 4 });
    await call<void>((cb) => s.rmdir('/home/ctlab/d', cb));
    await expect(call<Stats>((cb) => s.stat('/home/ctlab/d', cb))).rejects.toMatchObject({ code: 2, message: 'No such file' });
  });
});
