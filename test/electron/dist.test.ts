// `npm run dist` where no Electron runtime is available: it stops before building or fetching, with one paragraph.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronCacheDir, findElectronZip, missingElectronMessage, parseDistArgs, stageCli } from '../../build/dist.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ctha-dist-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('build/dist.mjs', () => {
  it('without any Electron runtime, exits 1 with one paragraph naming ELECTRON_CACHE and electronDist, no stack, nothing built', () => {
    const cache = join(scratch, 'empty-cache');
    const noDist = join(scratch, 'no-electron-dist');
    mkdirSync(cache);
    mkdirSync(noDist);
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_CACHE: cache, ELECTRON_OVERRIDE_DIST_PATH: noDist };
    delete env.CTHA_ELECTRON_DIST;
    // An unreachable proxy: if anything tried the network it would fail rather than reach github.com.
    env.HTTPS_PROXY = env.HTTP_PROXY = 'http://127.0.230.1:9';
    const run = spawnSync(process.execPath, ['build/dist.mjs', '--linux', '--win'], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.signal, 'dist must stop by itself, not be killed by the timeout').toBeNull();
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const paragraph = run.stderr;
    expect(paragraph.trimEnd().split('\n')).toHaveLength(1);
    expect(paragraph).toContain('cannot package for linux and win32');
    expect(paragraph).toContain(`ELECTRON_CACHE (now ${cache})`);
    expect(paragraph).toContain('electronDist');
    expect(paragraph).toMatch(/electron-v\d+\.\d+\.\d+-linux-x64\.zip and electron-v\d+\.\d+\.\d+-win32-x64\.zip/);
    expect(paragraph).not.toMatch(/^\s+at /m);
  });

  it('stages a CLI bundle that runs with no node_modules around it, as the installed ctha launcher runs it', async () => {
    const stage = join(scratch, 'ctha');
    await stageCli(stage, { withRenderer: false });
    const example = join(root, 'examples', 'demo.ctha.json');
    const ctha = (...args: string[]) =>
      spawnSync(process.execPath, [join(stage, 'dist', 'cli', 'ctha.js'), ...args], { cwd: scratch, encoding: 'utf8', timeout: 30_000 });
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(ctha('--version').stdout.trim()).toBe(version.version);
    const validate = ctha('validate', example);
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toContain('valid (2 instances');
  });

  it('refuses unknown arguments and defaults to the host platform', () => {
    expect(parseDistArgs(['--mac'], 'linux')).toMatchObject({ ok: false, message: expect.stringContaining('"--mac"') });
    expect(parseDistArgs([], 'linux')).toEqual({ ok: true, platforms: ['linux'], dirOnly: false });
    expect(parseDistArgs(['--win', '--dir'], 'linux')).toEqual({ ok: true, platforms: ['win32'], dirOnly: true });
    expect(parseDistArgs([], 'darwin')).toMatchObject({ ok: false });
  });

  it('finds a cached Electron zip only when its SHA-256 matches, at the cache root or one folder down', () => {
    const cache = join(scratch, 'cache');
    const zipName = 'electron-v45.5.0-linux-x64.zip';
    mkdirSync(join(cache, 'a1b2c3'), { recursive: true });
    writeFileSync(join(cache, 'a1b2c3', zipName), 'zip bytes');
    const good = createHash('sha256').update('zip bytes').digest('hex');
    expect(findElectronZip(cache, zipName, good)).toBe(join(cache, 'a1b2c3', zipName));
    expect(findElectronZip(cache, zipName, '0'.repeat(64))).toBeUndefined();
    expect(findElectronZip(join(scratch, 'absent'), zipName, good)).toBeUndefined();
  });

  it('uses ELECTRON_CACHE when set, else the platform cache folder of @electron/get', () => {
    expect(electronCacheDir({ ELECTRON_CACHE: '/srv/electron' }, 'linux')).toBe('/srv/electron');
    expect(electronCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', 'electron'));
    expect(missingElectronMessage({ version: '45.5.0', missing: ['win32'], cacheDir: '/c' })).toContain('electron-v45.5.0-win32-x64.zip');
  });
});
