// Symbolic links on the emulated Linux host: followed inside the host's own tree (an absolute target is a
// host path, never the lab machine's file), `test -L`, `readlink [-f|-m]` and `realpath` as coreutils
// prints them, and reads through a link with the permissions of what it points at.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { connect, exec, startTestHost } from './helpers.js';

describe('emulated Linux host: symbolic links', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  const run = (command: string, stdin?: string) => exec(client, command, stdin);
  const put = (relative: string, text: string, mode = 0o644): void => {
    mkdirSync(dirname(test.local(relative)), { recursive: true });
    writeFileSync(test.local(relative), text);
    chmodSync(test.local(relative), mode);
  };

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.147.3' });
    put('etc/shadow', 'host-secret\n', 0o600);
    put('srv/data/inside.txt', 'inside\n');
    symlinkSync('/etc/shadow', test.local('opt/kaspersky/ktfs/etc/to-shadow'));
    symlinkSync('../../../../srv/data', test.local('opt/kaspersky/ktfs/etc/data'));
    symlinkSync('loop-b', test.local('opt/kaspersky/ktfs/etc/loop-a'));
    symlinkSync('loop-a', test.local('opt/kaspersky/ktfs/etc/loop-b'));
    client = await connect(test);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('test -L sees the link itself; -f and -r follow it', async () => {
    expect(
      (
        await run(
          '[ -L /opt/kaspersky/ktfs/etc/to-shadow ] && echo link; [ -L /opt/kaspersky/ktfs/etc/kl_feed_service.conf ] || echo plain',
        )
      ).stdout,
    ).toBe('link\nplain\n');
    expect(
      (await run('[ -f /opt/kaspersky/ktfs/etc/to-shadow ] && echo file; [ -r /opt/kaspersky/ktfs/etc/to-shadow ] || echo unreadable'))
        .stdout,
    ).toBe('file\nunreadable\n');
  });

  it("readlink and realpath resolve inside the host, relative targets from the link's folder", async () => {
    expect((await run('readlink /opt/kaspersky/ktfs/etc/to-shadow')).stdout).toBe('/etc/shadow\n');
    expect((await run('readlink -f /opt/kaspersky/ktfs/etc/to-shadow')).stdout).toBe('/etc/shadow\n');
    expect((await run('readlink -f -- /opt/kaspersky/ktfs/etc/data/inside.txt')).stdout).toBe('/srv/data/inside.txt\n');
    expect((await run('readlink -m /opt/kaspersky/ktfs/etc/data/no/such')).stdout).toBe('/srv/data/no/such\n');
    // -f: all but the last component must exist; plain readlink of a non-link fails silently.
    expect(await run('readlink -f /nope/at/all')).toMatchObject({ code: 1, stdout: '' });
    expect(await run('readlink /opt/kaspersky/ktfs/etc/kl_feed_service.conf')).toMatchObject({ code: 1, stdout: '' });
    expect((await run('readlink -f /opt/kaspersky/ktfs/etc/loop-a')).code).toBe(1);
  });

  it("a read through a link gets the target's bytes and permissions: the host's file, not the lab machine's", async () => {
    expect(await run('cat /opt/kaspersky/ktfs/etc/to-shadow')).toMatchObject({
      code: 1,
      stderr: 'cat: /opt/kaspersky/ktfs/etc/to-shadow: Permission denied\n',
    });
    expect(await run('sudo -S -p "" cat /opt/kaspersky/ktfs/etc/to-shadow', 'S3cret pass\n')).toMatchObject({
      code: 0,
      stdout: 'host-secret\n',
    });
    expect((await run('cat /opt/kaspersky/ktfs/etc/data/inside.txt')).stdout).toBe('inside\n');
  });
});
