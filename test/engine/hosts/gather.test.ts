import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import type { GatherResult, HostDialect } from '../../../engine/hosts/dialect/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import type { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { HOSTILE_CORPUS, POSIX_CANARY, WINDOWS_CANARY, WINDOWS_VICTIM } from '../quoting/hostile-corpus.js';
import { PASSWORD, openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

/** Hostile values that can be a file name on the OS (no separator, no NUL, not `.`/`..`, within NAME_MAX). */
function hostileNames(os: 'linux' | 'windows'): { label: string; value: string }[] {
  return HOSTILE_CORPUS.filter(({ value }) => {
    if (value === '' || value === '.' || value === '..' || value.includes('\0') || value.includes('/') || Buffer.byteLength(value) > 200)
      return false;
    // Windows refuses these in names (and the dialect's path check with them), and trailing dots or blanks.
    return os === 'linux' || !/[\\<>:"|?*\u0000-\u001f]|[. ]$/.test(value);
  });
}

function execCount(transcript: MemoryTranscript): number {
  return transcript.entries().filter((entry) => entry.kind === 'exec').length;
}

describe.each([
  { os: 'linux' as const, address: '127.0.110.11' },
  { os: 'windows' as const, address: '127.0.110.12' },
])('gather on emulated $os', ({ os, address }) => {
  let test: TestHost;
  let session: SshSession;
  let transcript: MemoryTranscript;
  let dialect: HostDialect;
  const local = (hostPath: string): Buffer => readFileSync(test.local(hostPath));

  beforeAll(async () => {
    test = await startHost({ os, address });
    ({ session, transcript } = await openTo(test));
    dialect = await openDialect(session, { expectedOs: os });
    if (os === 'windows') writeFileSync(join(test.instance.rootDir, WINDOWS_VICTIM), 'victim');
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('reads the configs and every license key in one remote command, byte for byte', async () => {
    const { serviceConf, feedUtilConf, licenseKey } = test.layout;
    const licDir = dialect.paths.dirname(licenseKey);
    const before = transcript.entries().length;
    const result = await dialect.gather({ files: [serviceConf, feedUtilConf], dirs: [{ path: licDir, suffix: '.key' }] });
    const added = transcript.entries().slice(before);
    expect(added.map((entry) => entry.kind)).toEqual(['exec']);
    expect(added[0]?.exitCode).toBe(0);
    expect(result.files.get(serviceConf)?.equals(local(serviceConf))).toBe(true);
    expect(result.files.get(feedUtilConf)?.equals(local(feedUtilConf))).toBe(true);
    const keys = result.dirs.get(licDir);
    const expected = readdirSync(test.local(licDir)).filter((name) => name.endsWith('.key'));
    expect(expected.length).toBeGreaterThan(0);
    expect([...(keys?.keys() ?? [])]).toEqual(expected.sort());
    for (const name of expected) expect(keys?.get(name)?.equals(local(dialect.paths.join(licDir, name)))).toBe(true);
    if (os === 'windows') expect(result.files.get(serviceConf)?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('missing files and folders are undefined; an empty folder match is an empty map; an empty request sends nothing', async () => {
    const etc = dialect.paths.dirname(test.layout.serviceConf);
    const missingFile = dialect.paths.join(etc, 'missing.conf');
    const missingDeep = dialect.paths.join(dialect.paths.join(dialect.paths.join(etc, 'no'), 'such'), 'file.conf');
    const missingDir = dialect.paths.join(etc, 'nodir');
    const result = await dialect.gather({
      files: [missingFile, missingDeep, test.layout.feedsCert],
      dirs: [
        { path: missingDir, suffix: '.key' },
        { path: etc, suffix: '.nothing' },
      ],
    });
    expect(result.files.get(missingFile)).toBeUndefined();
    expect(result.files.has(missingFile)).toBe(true);
    expect(result.files.get(missingDeep)).toBeUndefined();
    expect(result.files.get(test.layout.feedsCert)?.equals(local(test.layout.feedsCert))).toBe(true);
    expect(result.dirs.has(missingDir)).toBe(true);
    expect(result.dirs.get(missingDir)).toBeUndefined();
    expect(result.dirs.get(etc)?.size).toBe(0);
    const before = execCount(transcript);
    expect(await dialect.gather({ files: [] })).toEqual({ files: new Map(), dirs: new Map() } satisfies GatherResult);
    expect(execCount(transcript)).toBe(before);
  });

  it('an empty file is an empty buffer; a folder named as a file is refused by name', async () => {
    const etc = dialect.paths.dirname(test.layout.serviceConf);
    const empty = dialect.paths.join(etc, 'empty.conf');
    writeFileSync(test.local(empty), '');
    const result = await dialect.gather({ files: [empty], dirs: [{ path: etc, suffix: 'empty.conf' }] });
    expect(result.files.get(empty)).toEqual(Buffer.alloc(0));
    expect(result.dirs.get(etc)?.get('empty.conf')).toEqual(Buffer.alloc(0));
    await expect(dialect.gather({ files: [etc] })).rejects.toMatchObject({
      code: 'invalid-path',
      message: expect.stringContaining(`${etc} is not a regular file`),
    });
    await expect(dialect.gather({ files: [], dirs: [{ path: test.layout.serviceConf, suffix: '' }] })).rejects.toMatchObject({
      code: 'invalid-path',
      message: expect.stringContaining('is not a directory'),
    });
  });

  it('bad requests are refused before anything is sent', async () => {
    const before = execCount(transcript);
    await expect(dialect.gather({ files: ['relative/x'] })).rejects.toMatchObject({ code: 'invalid-path' });
    await expect(
      dialect.gather({ files: [], dirs: [{ path: dialect.paths.dirname(test.layout.serviceConf), suffix: 'a/b' }] }),
    ).rejects.toMatchObject({ code: 'invalid-path' });
    const etc = dialect.paths.dirname(test.layout.serviceConf);
    await expect(
      dialect.gather({
        files: [],
        dirs: [
          { path: etc, suffix: '.a' },
          { path: etc, suffix: '.b' },
        ],
      }),
    ).rejects.toThrow(/asked for twice/);
    expect(execCount(transcript)).toBe(before);
  });

  it('hostile file names and suffixes are data: read back exactly, nothing executed', async () => {
    const base = os === 'linux' ? '/tmp/ctha-hostile' : 'C:\\ctha-hostile';
    mkdirSync(test.local(base), { recursive: true });
    const names = hostileNames(os);
    const files = names.map(({ value }, index) => {
      const path = dialect.paths.join(base, value);
      writeFileSync(test.local(path), `content ${index} ${value}`);
      return path;
    });
    const dirs = names.slice(0, 12).map(({ value }) => ({ path: base, suffix: value }));
    const result = await dialect.gather({ files, dirs: dirs.slice(0, 1) });
    files.forEach((path, index) =>
      expect(result.files.get(path)?.toString('utf8'), names[index]?.label).toBe(`content ${index} ${names[index]?.value ?? ''}`),
    );
    for (const dir of dirs) {
      const listed = (await dialect.gather({ files: [], dirs: [dir] })).dirs.get(base);
      const matches = names
        .map(({ value }) => value)
        .filter((name) => (os === 'linux' ? name.endsWith(dir.suffix) : name.toLowerCase().endsWith(dir.suffix.toLowerCase())));
      expect([...(listed?.keys() ?? [])].sort(), JSON.stringify(dir.suffix)).toEqual(matches.sort());
    }
    if (os === 'linux') {
      expect(existsSync(test.local(`/home/ctlab/${POSIX_CANARY}`))).toBe(false);
      expect(existsSync(test.local(`${base}/${POSIX_CANARY}`))).toBe(false);
    } else {
      expect(existsSync(join(test.instance.rootDir, WINDOWS_CANARY))).toBe(false);
      expect(readFileSync(join(test.instance.rootDir, WINDOWS_VICTIM), 'utf8')).toBe('victim');
    }
  });

  it('the transcript holds one exec per gather and no secret', async () => {
    const before = execCount(transcript);
    await dialect.gather({ files: [test.layout.serviceConf] });
    expect(execCount(transcript) - before).toBe(1);
    expect(JSON.stringify(transcript.toJSON())).not.toContain(PASSWORD);
  });
});

describe('gather on emulated linux: root-only files', () => {
  let test: TestHost;
  const local = (hostPath: string): Buffer => readFileSync(test.local(hostPath));

  beforeAll(async () => {
    test = await startHost({ os: 'linux', address: '127.0.110.13' });
  });
  afterAll(async () => {
    await test.stop();
  });

  it('with privilege detected first, a 0600 root file and a 0700 root folder are read through sudo in the same command', async () => {
    const { session, transcript } = await openTo(test);
    const dialect = await openDialect(session, { expectedOs: 'linux' });
    try {
      expect((await dialect.detectPrivilege('sudo-password')).detected).toBe('sudo-password');
      const licDir = dialect.paths.dirname(test.layout.licenseKey);
      chmodSync(test.local(licDir), 0o700);
      const before = execCount(transcript);
      const result = await dialect.gather({
        files: [test.layout.webKey, test.layout.serviceConf],
        dirs: [{ path: licDir, suffix: '.key' }],
      });
      expect(execCount(transcript) - before).toBe(1);
      expect(result.files.get(test.layout.webKey)?.equals(local(test.layout.webKey))).toBe(true);
      expect(result.files.get(test.layout.serviceConf)?.equals(local(test.layout.serviceConf))).toBe(true);
      expect(result.dirs.get(licDir)?.get('LAB00001.key')?.equals(local(test.layout.licenseKey))).toBe(true);
      const last = transcript.entries().at(-1);
      expect(last).toMatchObject({ kind: 'exec', secretStdin: true, exitCode: 0 });
      expect(last?.command).toMatch(/sudo -S -p .* -- sh -c/);
      expect(JSON.stringify(transcript.toJSON())).not.toContain(PASSWORD);
    } finally {
      chmodSync(test.local(dialect.paths.dirname(test.layout.licenseKey)), 0o755);
      await session.close();
    }
  });

  it('without privilege detected, a refused read probes privilege and gathers again (the only case with more commands)', async () => {
    const { session, transcript } = await openTo(test);
    const dialect = await openDialect(session, { expectedOs: 'linux', probePrivilege: false });
    try {
      const before = execCount(transcript);
      const result = await dialect.gather({ files: [test.layout.webKey] });
      expect(result.files.get(test.layout.webKey)?.equals(local(test.layout.webKey))).toBe(true);
      // gather, id -u, sudo -n true, sudo -S true, gather with sudo
      expect(execCount(transcript) - before).toBe(5);
    } finally {
      await session.close();
    }
  });

  it('no root access: a root-only file is a permission-denied failure naming the file and why', async () => {
    const { session } = await openTo(test);
    const dialect = await openDialect(session, { expectedOs: 'linux', sudoPassword: () => Promise.resolve('wrong password') });
    try {
      const result = dialect.gather({ files: [test.layout.webKey, test.layout.serviceConf] });
      await expect(result).rejects.toMatchObject({
        code: 'command-failed',
        reason: 'permission-denied',
        message: expect.stringContaining(`${test.layout.webKey}: permission denied (no root access:`),
      });
    } finally {
      await session.close();
    }
  });
});
