import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import { linuxPaths } from '../../../engine/hosts/linux/linux-paths.js';
import { sftpPath, windowsPaths } from '../../../engine/hosts/windows/windows-paths.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import type { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('host paths, built by hand', () => {
  it('Linux: absolute and canonical only; dirname, basename, join', () => {
    expect(linuxPaths.dirname('/opt/kaspersky/ktfs/etc/kl_feed_service.conf')).toBe('/opt/kaspersky/ktfs/etc');
    expect(linuxPaths.dirname('/x')).toBe('/');
    expect(linuxPaths.basename('/opt/a b/c d.conf')).toBe('c d.conf');
    expect(linuxPaths.join('/opt/etc', "it's $(x).conf")).toBe("/opt/etc/it's $(x).conf");
    expect(linuxPaths.join('/', 'x')).toBe('/x');
    for (const bad of ['etc/x', '-rf', '/opt//x', '/opt/./x', '/opt/../x', '/opt/x/', 'C:\\x', '/a\0b']) {
      expect(() => linuxPaths.check(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-path' }) as Error);
    }
    expect(() => linuxPaths.join('/opt', 'a/b')).toThrow(/not a file name/);
  });

  it('Windows: drive paths in either slash, SFTP form /C:/..., UNC and relative refused', () => {
    expect(windowsPaths.check('c:/Program Files/Kaspersky Lab/x.conf')).toBe('C:\\Program Files\\Kaspersky Lab\\x.conf');
    expect(windowsPaths.check('/C:/Program Files/x')).toBe('C:\\Program Files\\x');
    expect(sftpPath('C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\kl_feed_service.conf')).toBe(
      '/C:/Program Files/Kaspersky Lab/Kaspersky CyberTrace/bin/kl_feed_service.conf',
    );
    expect(windowsPaths.dirname('C:\\Program Files\\x.conf')).toBe('C:\\Program Files');
    expect(windowsPaths.dirname('C:\\x.conf')).toBe('C:\\');
    expect(windowsPaths.basename('C:\\Program Files\\x y.conf')).toBe('x y.conf');
    expect(windowsPaths.join('C:\\', 'x')).toBe('C:\\x');
    for (const bad of ['\\\\server\\share\\x', 'C:x', 'Program Files\\x', 'C:\\a\\..\\b', 'C:\\a\\\\b', 'C:\\a\\b"c', 'C:\\a\\b?']) {
      expect(() => windowsPaths.check(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-path' }) as Error);
    }
  });
});

describe.each([
  { os: 'linux' as const, address: '127.0.62.91' },
  { os: 'windows' as const, address: '127.0.62.92' },
])('reading on $os', ({ os, address }) => {
  let test: TestHost;
  let session: SshSession;
  let transcript: MemoryTranscript;
  let dialect: HostDialect;

  beforeAll(async () => {
    test = await startHost({ os, address });
    ({ session, transcript } = await openTo(test));
    dialect = await openDialect(session, { expectedOs: os });
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('reads the service config byte for byte and computes the same SHA-256 on the host', async () => {
    const conf = test.layout.serviceConf;
    const local = readFileSync(test.local(conf));
    const bytes = await dialect.readFile(conf);
    expect(bytes.equals(local)).toBe(true);
    if (os === 'windows') {
      // The lab's Windows config is saved as Notepad would: BOM and CRLF, which must survive untouched.
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.toString('utf8')).toContain('\r\n');
      expect(conf).toMatch(/^C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin\\/);
    }
    expect(await dialect.sha256(conf)).toBe(sha(local));
  });

  it('lists a folder and reports file facts (mode and owner on Linux only)', async () => {
    const entries = await dialect.listDir(dialect.paths.dirname(test.layout.serviceConf));
    expect(entries.map((entry) => entry.name)).toContain(dialect.paths.basename(test.layout.serviceConf));
    expect(entries.find((entry) => entry.name === 'kl_feed_util.conf')).toMatchObject({ type: 'file' });
    const facts = await dialect.fileFacts(test.layout.serviceConf);
    const size = readFileSync(test.local(test.layout.serviceConf)).length;
    expect(facts).toEqual(os === 'linux' ? { mode: 0o644, uid: 0, gid: 0, size } : { size });
    expect(await dialect.fileFacts(dialect.paths.join(dialect.paths.dirname(test.layout.serviceConf), 'missing.conf'))).toBeUndefined();
  });

  it('a missing file is a not-found failure, not an empty read', async () => {
    const missing = dialect.paths.join(dialect.paths.dirname(test.layout.serviceConf), 'missing.conf');
    await expect(dialect.readFile(missing)).rejects.toMatchObject({ code: 'sftp', sftpReason: 'no-such-file' });
    await expect(dialect.sha256(missing)).rejects.toMatchObject({ code: 'command-failed', reason: 'not-found' });
  });

  // Mode and owner are Linux facts; Windows rights are ACLs.
  if (os === 'linux') {
    it('a 0600 root file: SFTP is refused, the read and digest fall back to sudo', async () => {
      const key = test.layout.webKey;
      const local = readFileSync(test.local(key));
      expect(await dialect.fileFacts(key)).toMatchObject({ mode: 0o600, uid: 0, gid: 0 });
      expect((await dialect.readFile(key)).equals(local)).toBe(true);
      expect(await dialect.sha256(key)).toBe(sha(local));
      const commands = transcript
        .entries()
        .map((entry) => `${entry.op} ${entry.command ?? entry.path ?? ''} ${entry.errorCode ?? entry.exitCode ?? ''}`);
      expect(commands).toContain(`read ${key} sftp`);
      expect(commands).toContain(`exec timeout '--kill-after=5' 29 sudo -S -p '' -- cat -- ${key} 0`);
    });
  }
});
