import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import { SafeWriteError, writeFileSafely } from '../../../engine/hosts/safe-write/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import type { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import type { SudoMode } from '../../../lab/emulated/types.js';
import { PASSWORD, openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const NOW = () => new Date(Date.UTC(2026, 0, 31, 23, 59, 58));

// Hostile names: quotes, $(), ;, spaces; Windows forbids " in names but not ' ‘ ’ & % or ;.
const HOSTILE = {
  linux: `it's a "conf" $(touch pwned); rm -rf x & \`id\`.conf`,
  windows: `it's a ‘conf’ $(calc) ; & %PATH% name.conf`,
};

describe.each([
  { os: 'linux' as const, address: '127.0.62.41', sudo: undefined },
  { os: 'linux' as const, address: '127.0.62.42', sudo: 'nopasswd' as SudoMode },
  { os: 'windows' as const, address: '127.0.62.43', sudo: undefined },
])('safe write on $os (sudo $sudo)', ({ os, address, sudo }) => {
  let test: TestHost;
  let session: SshSession;
  let transcript: MemoryTranscript;
  let dialect: HostDialect;

  beforeAll(async () => {
    test = await startHost({ os, address, ...(sudo ? { sudo } : {}) });
    ({ session, transcript } = await openTo(test));
    dialect = await openDialect(session, { expectedOs: os });
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  const siblings = (path: string): string[] => readdirSync(dirname(test.local(path))).sort();

  it('replaces the bytes exactly; a backup with the old bytes (and mode) sits beside the file', async () => {
    const conf = test.layout.serviceConf;
    const before = readFileSync(test.local(conf));
    // A CRLF + BOM edit on Windows must land byte for byte; so must any byte on Linux.
    const next = Buffer.concat([before, Buffer.from(os === 'windows' ? '<!-- edited -->\r\n' : '<!-- edited -->\n')]);
    const result = await writeFileSafely(dialect, conf, next, { expectedSha256: sha(before), now: NOW });
    expect(readFileSync(test.local(conf)).equals(next)).toBe(true);
    expect(result).toMatchObject({ path: conf, changed: true, beforeSha256: sha(before), afterSha256: sha(next) });
    expect(result.backupPath).toBe(`${conf}.ctha-backup-20260131T235958Z`);
    expect(readFileSync(test.local(result.backupPath ?? '')).equals(before)).toBe(true);
    expect(result.steps.map((step) => `${step.step}:${step.status}`)).toEqual([
      'read:done',
      'stale:done',
      'backup:done',
      'upload:done',
      'verify-upload:done',
      os === 'linux' ? 'install:done' : 'install:skipped',
      'rename:done',
      'verify-final:done',
    ]);
    expect(result.replacedBy).toBe(os === 'linux' ? 'mv -f (rename(2) in the same directory: atomic)' : 'SFTP posix-rename@openssh.com');
    // Nothing else is left beside the file: no temp, no staging copy.
    expect(siblings(conf).filter((name) => name.includes('ctha') && !name.includes('ctha-backup'))).toEqual([]);
    if (os === 'linux') expect(readdirSync(test.local('/home/ctlab')).filter((name) => name.startsWith('.ctha-stage'))).toEqual([]);
    expect(JSON.stringify(transcript)).not.toContain(PASSWORD);
  });

  // Mode and owner are Linux facts; Windows rights are ACLs.
  if (os === 'linux') {
    it('a 0600 root file keeps its mode and owner; so does its backup', async () => {
      const key = test.layout.webKey;
      const before = readFileSync(test.local(key));
      const next = Buffer.from(before.toString().replace('PRIVATE KEY', 'PRIVATE  KEY'));
      const result = await writeFileSafely(dialect, key, next, { now: NOW });
      expect(readFileSync(test.local(key)).equals(next)).toBe(true);
      expect(statSync(test.local(key)).mode & 0o777).toBe(0o600);
      expect(await dialect.fileFacts(key)).toMatchObject({ mode: 0o600, uid: 0, gid: 0 });
      expect(await dialect.fileFacts(result.backupPath ?? '')).toMatchObject({ mode: 0o600, uid: 0, gid: 0, size: before.length });
      expect(result.steps.find((step) => step.step === 'stale')).toMatchObject({ status: 'skipped', detail: 'no expected digest given' });
    });
  }

  it('writing the bytes the file already holds changes nothing and makes no backup', async () => {
    const conf = test.layout.feedUtilConf;
    const bytes = readFileSync(test.local(conf));
    const names = siblings(conf);
    const result = await writeFileSafely(dialect, conf, bytes, { expectedSha256: sha(bytes) });
    expect(result).toMatchObject({ changed: false, backupPath: undefined, beforeSha256: sha(bytes), afterSha256: sha(bytes) });
    expect(siblings(conf)).toEqual(names);
  });

  it('refuses a stale plan: the file changed since it was read; nothing is written', async () => {
    const conf = test.layout.feedUtilConf;
    const current = readFileSync(test.local(conf));
    const names = siblings(conf);
    const failure = await writeFileSafely(dialect, conf, Buffer.from('new'), {
      expectedSha256: sha(Buffer.from('what the plan read')),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SafeWriteError);
    expect(failure).toMatchObject({ step: 'stale', reason: 'stale', original: 'untouched', backupPath: undefined, leftovers: [] });
    expect((failure as Error).message).toContain(`${conf} changed since it was read for the plan`);
    expect(readFileSync(test.local(conf)).equals(current)).toBe(true);
    expect(siblings(conf)).toEqual(names);
  });

  it('a hostile file name (quotes, $(), ;, &, spaces) is written safely and nothing else runs', async () => {
    const hostile = dialect.paths.join(dialect.paths.dirname(test.layout.serviceConf), HOSTILE[os]);
    const local = test.local(hostile);
    writeFileSync(local, 'old\r\n');
    if (os === 'linux') chmodSync(local, 0o640);
    const result = await writeFileSafely(dialect, hostile, Buffer.from('new\r\n'), { now: NOW });
    expect(readFileSync(local, 'utf8')).toBe('new\r\n');
    expect(readFileSync(test.local(result.backupPath ?? ''), 'utf8')).toBe('old\r\n');
    if (os === 'linux') expect(statSync(local).mode & 0o777).toBe(0o640);
    // No command ran from the name: no canary file anywhere the shell could have created one.
    const home = os === 'linux' ? '/home/ctlab' : 'C:\\Users\\ctlab';
    for (const dir of [home, dialect.paths.dirname(hostile)]) expect(readdirSync(test.local(dir))).not.toContain('pwned');
    expect(existsSync(test.local(os === 'linux' ? '/home/ctlab/x' : 'C:\\Users\\ctlab\\x'))).toBe(false);
  });

  it('a second write in the same second gets its own backup name; earlier backups are never overwritten', async () => {
    const conf = test.layout.feedsCert;
    const original = readFileSync(test.local(conf));
    const first = await writeFileSafely(dialect, conf, Buffer.from('one\n'), { now: NOW });
    const second = await writeFileSafely(dialect, conf, Buffer.from('two\n'), { now: NOW });
    expect(second.backupPath).toBe(`${first.backupPath ?? ''}-2`);
    expect(readFileSync(test.local(first.backupPath ?? '')).equals(original)).toBe(true);
    expect(readFileSync(test.local(second.backupPath ?? ''), 'utf8')).toBe('one\n');
  });
});
