// @ts-check
// `npm run dist [-- --linux] [-- --win] [-- --dir]`: builds the installable desktop app with electron-builder
// (electron-builder.config.cjs). electron-builder would download the Electron runtime from github.com;
// this script first looks for one on this machine and, when there is none, stops with one paragraph
// before anything is built or fetched. Details: docs/ELECTRON.md, "Packaging".
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** electron-builder's platform names for the targets this project packages (x64 only). */
const PLATFORMS = /** @type {const} */ ({ '--linux': 'linux', '--win': 'win32' });

/**
 * The platforms asked for on the command line, or the build machine's own; `--dir` builds only the unpacked
 * app folder (electron-builder's `dir` target, which needs no packaging tools). Unknown arguments are refused.
 * @param {readonly string[]} args
 * @param {string} hostPlatform
 * @returns {{ ok: true, platforms: string[], dirOnly: boolean } | { ok: false, message: string }}
 */
export function parseDistArgs(args, hostPlatform) {
  /** @type {string[]} */
  const platforms = [];
  const dirOnly = args.includes('--dir');
  for (const arg of args.filter((a) => a !== '--dir')) {
    const platform = PLATFORMS[/** @type {keyof typeof PLATFORMS} */ (arg)];
    if (platform === undefined)
      return { ok: false, message: `npm run dist: unknown argument ${JSON.stringify(arg)}; use --linux and/or --win, optionally --dir\n` };
    if (!platforms.includes(platform)) platforms.push(platform);
  }
  if (platforms.length > 0) return { ok: true, platforms, dirOnly };
  if (hostPlatform === 'linux' || hostPlatform === 'win32') return { ok: true, platforms: [hostPlatform], dirOnly };
  return {
    ok: false,
    message: `npm run dist: this project packages for Linux and Windows only; pass --linux or --win (host is ${hostPlatform})\n`,
  };
}

/**
 * The default folder of @electron/get's download cache (where `npm start` / electron-builder keep Electron zips).
 * @param {Record<string, string | undefined>} env
 * @param {string} platform
 */
export function electronCacheDir(env, platform) {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron');
}

/**
 * Looks for `electron-v<version>-<platform>-x64.zip` in the cache folder and one level below it (@electron/get
 * keeps each download in a folder named after a hash of its URL); a zip whose SHA-256 is not the one the
 * electron package lists is skipped, so a truncated or foreign file is never packaged.
 * @param {string} cacheDir
 * @param {string} zipName
 * @param {string | undefined} expectedSha256
 */
export function findElectronZip(cacheDir, zipName, expectedSha256) {
  if (!existsSync(cacheDir)) return undefined;
  const candidates = [join(cacheDir, zipName)];
  for (const entry of readdirSync(cacheDir, { withFileTypes: true }))
    if (entry.isDirectory()) candidates.push(join(cacheDir, entry.name, zipName));
  return candidates.find((path) => {
    if (!existsSync(path) || !statSync(path).isFile()) return false;
    return expectedSha256 === undefined || createHash('sha256').update(readFileSync(path)).digest('hex') === expectedSha256;
  });
}

/**
 * The one paragraph printed when no Electron runtime is available for some target.
 * @param {{ version: string, missing: string[], cacheDir: string }} facts
 */
export function missingElectronMessage({ version, missing, cacheDir }) {
  const zips = missing.map((platform) => `electron-v${version}-${platform}-x64.zip`).join(' and ');
  return (
    `npm run dist: cannot package for ${missing.join(' and ')}: the Electron ${version} runtime is not on this machine, and ` +
    'electron-builder would download it from github.com, which is not reachable here (offline or blocked); nothing was built. ' +
    `Put ${zips} (from https://github.com/electron/electron/releases/tag/v${version}, checked against node_modules/electron/checksums.json) ` +
    `into ELECTRON_CACHE (now ${cacheDir}), or set CTHA_ELECTRON_DIST to that zip or to an unpacked Electron folder (passed to ` +
    "electron-builder as electronDist); for this machine's own platform a working node_modules/electron/dist (see `npm start`) " +
    "is used too. The first build also fetches electron-builder's packaging tools (AppImage, fpm, NSIS): set " +
    'ELECTRON_BUILDER_BINARIES_MIRROR to a mirror you can reach, or pre-fill ELECTRON_BUILDER_CACHE.\n'
  );
}

/**
 * Imports one of electron/'s TypeScript modules by bundling it on the fly, so the lookup `npm start` uses is
 * the one used here (no second copy of it in JavaScript).
 * @param {string} entry
 */
async function importTs(entry) {
  const { build } = await import('esbuild');
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  const code = out.outputFiles[0]?.text ?? '';
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/**
 * Where each platform's Electron comes from: CTHA_ELECTRON_DIST, a verified zip in the cache, or (for the host
 * platform) the binary `npm start` uses. Platforms with none are listed in `missing`.
 * @param {string[]} platforms
 * @param {Record<string, string | undefined>} env
 */
async function locateElectron(platforms, env) {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const version = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))).version;
  /** @type {Record<string, string>} */
  const checksums = JSON.parse(readFileSync(join(electronDir, 'checksums.json'), 'utf8'));
  const cacheDir = electronCacheDir(env, process.platform);
  /** @type {Record<string, string>} */
  const found = {};
  /** @type {string[]} */
  const missing = [];
  const { locateElectronBinary } = await importTs('./electron/locate-binary.ts');
  for (const platform of platforms) {
    const zipName = `electron-v${version}-${platform}-x64.zip`;
    const explicit =
      env.CTHA_ELECTRON_DIST && platforms.length === 1 && existsSync(env.CTHA_ELECTRON_DIST) ? resolve(env.CTHA_ELECTRON_DIST) : undefined;
    const cached = findElectronZip(cacheDir, zipName, checksums[zipName]);
    let local;
    if (platform === process.platform) {
      const pathTxt = existsSync(join(electronDir, 'path.txt')) ? readFileSync(join(electronDir, 'path.txt'), 'utf8') : undefined;
      const located = locateElectronBinary(electronDir, {
        platform,
        overrideDistPath: env.ELECTRON_OVERRIDE_DIST_PATH,
        pathTxt,
        exists: existsSync,
      });
      if (located.found) local = dirname(located.path);
    }
    const source = explicit ?? cached ?? local;
    if (source === undefined) missing.push(platform);
    else found[platform] = source;
  }
  return { version, cacheDir, found, missing };
}

/** @param {string} command @param {string[]} args */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`npm run dist: \`${command} ${args.join(' ')}\` failed; nothing was packaged\n`);
    process.exit(1);
  }
}

/**
 * Bundles the CLI with its dependencies into `stage` (dist/ctha-cli for the package), with a package.json and,
 * unless `withRenderer` is false, the built renderer for `ctha ui` beside it.
 * @param {string} stage
 * @param {{ withRenderer?: boolean }} [options]
 */
export async function stageCli(stage, { withRenderer = true } = {}) {
  const { build } = await import('esbuild');
  rmSync(stage, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { 'dist/cli/ctha': './cli/ctha.ts' },
    outdir: stage,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    legalComments: 'none',
    // ssh2's native helpers are optional; without them it uses its JavaScript implementation.
    external: ['*.node', 'cpu-features', 'electron'],
    // Bundled CommonJS dependencies expect require, __filename and __dirname (ssh2's emscripten-built poly1305 does).
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as cthaCreateRequire } from 'node:module';",
        "import { dirname as cthaDirname } from 'node:path';",
        "import { fileURLToPath as cthaFileURLToPath } from 'node:url';",
        'const require = cthaCreateRequire(import.meta.url);',
        'const __filename = cthaFileURLToPath(import.meta.url);',
        'const __dirname = cthaDirname(__filename);',
      ].join('\n'),
    },
  });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // packageRoot() finds this file: the CLI reads its version from it and serves dist/renderer next to it.
  writeFileSync(
    join(stage, 'package.json'),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
  );
  mkdirSync(join(stage, 'dist'), { recursive: true });
  if (withRenderer)
    cpSync(join(root, 'dist', 'renderer'), join(stage, 'dist', 'renderer'), { recursive: true, filter: (path) => !path.endsWith('.map') });
}

async function main() {
  const parsed = parseDistArgs(process.argv.slice(2), process.platform);
  if (!parsed.ok) {
    process.stderr.write(parsed.message);
    process.exit(2);
  }
  const electron = await locateElectron(parsed.platforms, process.env);
  if (electron.missing.length > 0) {
    process.stderr.write(missingElectronMessage(electron));
    process.exit(1);
  }
  run('npm', ['run', 'build']);
  await stageCli(join(root, 'dist', 'ctha-cli'));
  const builder = require('electron-builder');
  const config = require(join(root, 'electron-builder.config.cjs'));
  try {
    await builder.build({
      projectDir: root,
      config: {
        ...config,
        electronDist: (/** @type {{ platformName: string }} */ options) => electron.found[options.platformName] ?? null,
      },
      // An empty list means the targets in the configuration.
      ...(parsed.platforms.includes('linux') ? { linux: parsed.dirOnly ? ['dir'] : [] } : {}),
      ...(parsed.platforms.includes('win32') ? { win: parsed.dirOnly ? ['dir'] : [] } : {}),
    });
  } catch (error) {
    // electron-builder's own message names the step that failed; its stack trace adds nothing for the user.
    process.stderr.write(`npm run dist: packaging failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
