import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError, failureReason, openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import { writeFileSafely } from '../../../engine/hosts/safe-write/write-file-safely.js';
import { MIB } from '../../../engine/ssh/session/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

// The gather's caps (16 MiB per file, the gather answer's own cap) on emulated hosts, 127.0.151.x.

describe.each([
  { os: 'linux' as const, address: '127.0.151.1' },
  { os: 'windows' as const, address: '127.0.151.2' },
])('gather caps on emulated $os', ({ os, address }) => {
  let test: TestHost;
  let session: SshSession;
  let dialect: HostDialect;
  let huge: string;
  let twoMib: string;

  beforeAll(async () => {
    test = await startHost({ os, address });
    // A small gather cap for this session only, so a 2 MiB file (under the file cap) overflows the answer.
    ({ session } = await openTo(test, { overrides: { caps: { gatherOutputBytes: MIB } } }));
    dialect = await openDialect(session, { expectedOs: os });
    const etc = dialect.paths.dirname(test.layout.serviceConf);
    huge = dialect.paths.join(etc, 'huge.conf');
    twoMib = dialect.paths.join(etc, 'two-mib.conf');
    writeFileSync(test.local(huge), Buffer.alloc(17 * MIB, 0x61));
    writeFileSync(test.local(twoMib), randomBytes(2 * MIB));
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it('a normal gather still works in the capped session, byte for byte', async () => {
    const result = await dialect.gather({ files: [test.layout.serviceConf], dirs: [] });
    expect(result.files.get(test.layout.serviceConf)?.equals(readFileSync(test.local(test.layout.serviceConf)))).toBe(true);
  });

  it('an answer over the gather cap fails with output-too-large naming the cap and the files asked', async () => {
    const error: unknown = await dialect.gather({ files: [test.layout.serviceConf, twoMib], dirs: [] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'output-too-large' });
    expect(failureReason(error)).toBe('output-too-large');
    const message = (error as Error).message;
    expect(message).toMatch(
      /^gather on \S+: the host's answer went over its cap of 1 MiB \(\d+ bytes had arrived; reading stopped\) while reading /,
    );
    expect(message).toContain(twoMib);
  }, 30_000);

  it('a file over the 16 MiB file cap fails with output-too-large naming that file', async () => {
    // A session with the default caps: the 64 MiB answer cap lets 17 MiB (22.7 MiB of base64) through; the file cap does not.
    const plain = await openTo(test);
    try {
      const plainDialect = await openDialect(plain.session, { expectedOs: os });
      const started = Date.now();
      const error: unknown = await plainDialect
        .gather({ files: [test.layout.serviceConf, huge], dirs: [] })
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'output-too-large', reason: 'output-too-large' });
      expect((error as Error).message).toMatch(
        new RegExp(
          `^gather: ${huge.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} is over the file cap of 16 MiB \\(at least \\d+ bytes arrived; reading stopped\\)$`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await plain.session.close();
    }
  }, 90_000);

  it('a safe write whose target is over the file cap stops at its read step and leaves the host untouched', async () => {
    const folder = dirname(test.local(huge));
    const listing = readdirSync(folder).sort();
    const before = statSync(test.local(huge));
    const error: unknown = await writeFileSafely(dialect, huge, Buffer.from('small\n')).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ step: 'read', reason: 'output-too-large', original: 'untouched', backupPath: undefined });
    const after = statSync(test.local(huge));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(readdirSync(folder).sort()).toEqual(listing);
  }, 30_000);
});

describe('a flooding host', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startHost({ os: 'linux', address: '127.0.151.3', faults: [{ kind: 'flood' }] });
  });
  afterAll(async () => {
    await test.stop();
  });

  it('opening its dialect fails at the OS probe with output-too-large, quickly', async () => {
    const { session } = await openTo(test);
    try {
      const started = Date.now();
      await expect(openDialect(session, { expectedOs: 'linux' })).rejects.toMatchObject({ code: 'output-too-large', limitBytes: 4 * MIB });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await session.close();
    }
  });
});
