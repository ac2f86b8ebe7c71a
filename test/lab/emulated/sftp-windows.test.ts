import { readFileSync } from 'node:fs';
import type { SFTPWrapper, Stats } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from './helpers.js';
import { call, connect, sftp, startTestHost } from './helpers.js';

const CONF = '/C:/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc/kl_feed_service.conf';

describe('emulated Windows host: SFTP', () => {
  let test: TestHost;
  let client: Awaited<ReturnType<typeof connect>>;
  let s: SFTPWrapper;

  beforeAll(async () => {
    test = await startTestHost({
      os: 'windows',
      address: '127.0.0.6',
      files: { 'C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc/kl_feed_service.conf': '\ufeff<Root>\r\n</Root>\r\n' },
    });
    client = await connect(test);
    s = await sftp(client);
  });
  afterAll(async () => {
    client.end();
    await test.stop();
  });

  it('resolves . to /C:/Users/<user>, which exists', async () => {
    expect(await call<string>((cb) => s.realpath('.', cb))).toBe('/C:/Users/ctlab');
    expect((await call<Stats>((cb) => s.stat('/C:/Users/ctlab', cb))).isDirectory()).toBe(true);
  });

  it('reads the config byte for byte (BOM and CRLF kept), also with other case and backslashes', async () => {
    const bytes = await call<Buffer>((cb) => s.readFile(CONF, cb));
    expect(bytes.equals(Buffer.from('\ufeff<Root>\r\n</Root>\r\n'))).toBe(true);
    const again = await call<Buffer>((cb) =>
      s.readFile('C:\\program files\\KASPERSKY LAB\\kaspersky cybertrace\\etc\\KL_FEED_SERVICE.CONF', cb),
    );
    expect(again.equals(bytes)).toBe(true);
  });

  it('lets the Administrator write in the service tree: temp name, then posix-rename over the target', async () => {
    const temp = `${CONF}.ctha-tmp`;
    await call<void>((cb) => s.writeFile(temp, '<Root>new</Root>\r\n', cb));
    await expect(call<void>((cb) => s.rename(temp, CONF, cb))).rejects.toMatchObject({ code: 4 });
    await call<void>((cb) => s.ext_openssh_rename(temp, CONF, cb));
    expect(readFileSync(test.local('C/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc/kl_feed_service.conf'), 'utf8')).toBe(
      '<Root>new</Root>\r\n',
    );
    const st = await call<Stats>((cb) => s.stat(CONF, cb));
    expect(st.size).toBe(18);
  });

  it('lists directories and refuses chown (Windows OpenSSH has none)', async () => {
    const list = await call<{ filename: string }[]>((cb) => s.readdir('/C:/Program Files/Kaspersky Lab/Kaspersky CyberTrace/etc', cb));
    expect(list.map((entry) => entry.filename)).toEqual(['kl_feed_service.conf']);
    await expect(call<void>((cb) => s.chown(CONF, 0, 0, cb))).rejects.toMatchObject({ code: 8 });
  });
});
