// The afterPack hook sets exactly the fuses of issue 15, checked on a fake packed binary with @electron/fuses' reader.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
// The wire's marker and states are not re-exported by the package's entry point; no exports map forbids the path.
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterPack, fuseConfig } from '../../build/after-pack.mjs';

const WIRE_LENGTH = 8;
let dir = '';

/** A file laid out like Electron's binary around the fuse wire: sentinel, version 1, length, one byte per fuse. */
function fakeBinary(path: string, initial: number): void {
  const wire = Buffer.from([Number(FuseVersion.V1), WIRE_LENGTH, ...Array<number>(WIRE_LENGTH).fill(initial)]);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from('\x7fELF not really electron '), Buffer.from(SENTINEL), wire, Buffer.from(' trailing code')]),
  );
}

const linuxContext = (appOutDir: string) => ({
  appOutDir,
  electronPlatformName: 'linux',
  packager: { executableName: 'ctha-wizard', appInfo: { productFilename: 'CyberTrace HA Commissioning Wizard' } },
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctha-fuses-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build/after-pack.mjs', () => {
  it('rewrites the fuse wire of the packed binary: release settings, other fuses untouched', async () => {
    const binary = join(dir, 'ctha-wizard');
    fakeBinary(binary, FuseState.ENABLE);
    const before = readFileSync(binary);
    await afterPack(linuxContext(dir), { env: {} });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    // Not in the list: left as Electron ships them.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
    const after = readFileSync(binary);
    expect(after.length).toBe(before.length);
    // Only wire bytes changed: everything outside sentinel + 2 + 8 is identical.
    const start = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    const changed = [...after].flatMap((byte, i) => (byte === before[i] ? [] : [i]));
    expect(changed.every((i) => i >= start && i < start + WIRE_LENGTH)).toBe(true);
  });

  it('keeps the inspector arguments in a test build (CTHA_TEST_BUILD=1) for Playwright, and only those', async () => {
    const binary = join(dir, 'ctha-wizard');
    fakeBinary(binary, FuseState.DISABLE);
    await afterPack(linuxContext(dir), { env: { CTHA_TEST_BUILD: '1' } });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it('calls flipFuses once, on the Windows .exe, with exactly the six listed fuses', async () => {
    const recorded: [string, unknown][] = [];
    const flipFuses = async (path: string, config: unknown) => {
      recorded.push([path, config]);
      return 1;
    };
    await afterPack({ ...linuxContext('C:/out/win-unpacked'), electronPlatformName: 'win32' }, { flipFuses, env: {} });
    expect(recorded).toEqual([[join('C:/out/win-unpacked', 'CyberTrace HA Commissioning Wizard.exe'), fuseConfig(true)]]);
    expect(fuseConfig(true)).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it('refuses a binary without the fuse sentinel, and a platform it has no name for', async () => {
    writeFileSync(join(dir, 'ctha-wizard'), 'not electron at all');
    await expect(afterPack(linuxContext(dir), { env: {} })).rejects.toThrow(/sentinel/);
    await expect(afterPack({ ...linuxContext(dir), electronPlatformName: 'freebsd' }, { env: {} })).rejects.toThrow(
      /no fuse settings for platform freebsd/,
    );
  });
});
