import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError, openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import { SafeWriteError, writeFileSafely } from '../../../engine/hosts/safe-write/index.js';
import type { SafeWriteStep } from '../../../engine/hosts/safe-write/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

// A failure injected into each step in turn (the lab's faults all strike at the backup): every
// failure names its step, temporary files are removed, the backup is kept, and the original bytes
// are in place afterwards, put back from the backup where the rename had already happened.
type Method = 'fileFacts' | 'copyFile' | 'upload' | 'sha256' | 'install' | 'replace';
type Impl = (real: HostDialect, args: unknown[]) => Promise<unknown>;

/** The dialect with one method replaced (only its first call when `once`); every other call goes to the real one. */
function inject(dialect: HostDialect, method: Method, impl: Impl, once = false): HostDialect {
  let fired = false;
  return new Proxy(dialect, {
    get(target, property) {
      if (property === method && !(once && fired)) {
        return (...args: unknown[]) => {
          fired = true;
          return impl(target, args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const injected = (): HostError => new HostError('command-failed', 'injected failure', 'command-failed');
const call = (real: HostDialect, method: Method, args: unknown[]): Promise<unknown> =>
  (real[method] as (...a: unknown[]) => Promise<unknown>).apply(real, args);

interface Case {
  readonly step: SafeWriteStep;
  readonly method: Method;
  readonly impl: (test: TestHost) => Impl;
  readonly original: SafeWriteError['original'];
  readonly only?: 'linux';
  /** Fail only the first call (the restore after it uses the same method). */
  readonly once?: boolean;
}

const CASES: Case[] = [
  { step: 'read', method: 'fileFacts', impl: () => () => Promise.reject(injected()), original: 'untouched' },
  { step: 'backup', method: 'copyFile', impl: () => () => Promise.reject(injected()), original: 'untouched' },
  // Half the bytes arrive, then the upload fails: the partial temp file must go.
  {
    step: 'upload',
    method: 'upload',
    impl:
      () =>
      async (real, [path, bytes]) => {
        await call(real, 'upload', [path, (bytes as Buffer).subarray(0, 10)]);
        throw injected();
      },
    original: 'untouched',
  },
  {
    step: 'verify-upload',
    method: 'sha256',
    impl: () => async (real, args) =>
      (args[0] as string).includes('ctha-new') || (args[0] as string).includes('ctha-stage') ? '0'.repeat(64) : call(real, 'sha256', args),
    original: 'untouched',
  },
  {
    step: 'install',
    method: 'install',
    impl: () => async (real, args) => {
      await call(real, 'install', args);
      throw injected();
    },
    original: 'untouched',
    only: 'linux',
  },
  { step: 'rename', method: 'replace', impl: () => () => Promise.reject(injected()), original: 'intact', once: true },
  // What Windows OpenSSH's posix-rename does when it fails half-way: the target is already deleted.
  {
    step: 'rename',
    method: 'replace',
    impl:
      () =>
      async (real, [, to]) => {
        await real.remove(to as string);
        throw injected();
      },
    original: 'restored',
    once: true,
  },
  // The rename happens, then the file changes under us: the final check fails and the backup goes back.
  {
    step: 'verify-final',
    method: 'replace',
    impl: (test) => async (real, args) => {
      const how = await call(real, 'replace', args);
      writeFileSync(test.local(args[1] as string), 'tampered');
      return how;
    },
    original: 'restored',
    once: true,
  },
];

describe.each([
  { os: 'linux' as const, address: '127.0.62.81' },
  { os: 'windows' as const, address: '127.0.62.82' },
])('a failure in each step on $os', ({ os, address }) => {
  let test: TestHost;
  let session: SshSession;
  let dialect: HostDialect;

  beforeAll(async () => {
    test = await startHost({ os, address });
    ({ session } = await openTo(test));
    dialect = await openDialect(session);
  });
  afterAll(async () => {
    await session.close();
    await test.stop();
  });

  it.each(CASES.filter((c) => c.only === undefined || c.only === os).map((c) => ({ ...c, name: `${c.step} (${c.original})` })))(
    '$name',
    async ({ step, method, impl, original, once }) => {
      const conf = test.layout.serviceConf;
      const before = readFileSync(test.local(conf));
      const backupsBefore = readdirSync(dirname(test.local(conf))).filter((name) => name.includes('ctha-backup')).length;
      const error = await writeFileSafely(
        inject(dialect, method, impl(test), once),
        conf,
        Buffer.concat([before, Buffer.from('changed')]),
      ).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(SafeWriteError);
      expect(error).toMatchObject({ step, original, leftovers: [] });
      expect((error as SafeWriteError).steps.at(-1)).toMatchObject({ step, status: 'failed' });
      expect(readFileSync(test.local(conf)).equals(before)).toBe(true);
      const names = readdirSync(dirname(test.local(conf)));
      expect(names.filter((name) => name.includes('.ctha-') && !name.includes('ctha-backup'))).toEqual([]);
      // The backup is never removed: once made, it stays.
      const made = step === 'read' || step === 'backup' ? 0 : 1;
      expect(names.filter((name) => name.includes('ctha-backup'))).toHaveLength(backupsBefore + made);
      if (os === 'linux') expect(readdirSync(test.local('/home/ctlab')).filter((name) => name.startsWith('.ctha-stage'))).toEqual([]);
    },
  );
});
