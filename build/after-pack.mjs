// @ts-check
// electron-builder `afterPack` hook: flips the Electron fuses in the packed binary, before signing (the
// hook runs after packing and before electron-builder signs). Settings: issue 15, docs/ELECTRON.md "Fuses".
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses as realFlipFuses } from '@electron/fuses';

/**
 * The fuse wire settings. `release` false is a test build, which keeps the inspector arguments that
 * Playwright's `_electron.launch` needs; everything else is the same in both.
 * @param {boolean} release
 * @returns {import('@electron/fuses').FuseV1Config}
 */
export function fuseConfig(release) {
  return {
    version: FuseVersion.V1,
    // `ELECTRON_RUN_AS_NODE` would turn the signed app into a general-purpose Node interpreter.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: !release,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  };
}

/**
 * The packed Electron executable, named as electron-builder names it per platform.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { executableName?: string, appInfo: { productFilename: string } } }} context
 */
export function packedBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'linux':
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`after-pack: no fuse settings for platform ${electronPlatformName}`);
  }
}

/**
 * The hook. `CTHA_TEST_BUILD=1` makes a test build; `deps` lets tests pass a stand-in for flipFuses.
 * @param {Parameters<typeof packedBinaryPath>[0]} context
 * @param {{ flipFuses?: typeof realFlipFuses, env?: Record<string, string | undefined> }} [deps]
 */
export async function afterPack(context, deps = {}) {
  const { flipFuses = realFlipFuses, env = process.env } = deps;
  const release = env.CTHA_TEST_BUILD !== '1';
  const binary = packedBinaryPath(context);
  await flipFuses(binary, fuseConfig(release));
  process.stdout.write(`  • fuses set (${release ? 'release' : 'test build: inspector kept'}) on ${binary}\n`);
}

export default afterPack;
