import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainCjs = join(root, 'dist', 'electron', 'main.cjs');
let scratch = '';
let report: Record<string, unknown> & { calls: [string, ...unknown[]][] };

beforeAll(async () => {
  const bundle = spawnSync(process.execPath, ['build/build.mjs'], { cwd: root, encoding: 'utf8' });
  expect(bundle.status, bundle.stderr).toBe(0);
  scratch = mkdtempSync(join(tmpdir(), 'ctha-main-'));
  const harness = join(scratch, 'harness.cjs');
  const here = fileURLToPath(new URL('.', import.meta.url));
  await build({
    entryPoints: [join(here, 'fake-electron-harness.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: harness,
    logLevel: 'error',
  });
  const run = spawnSync(process.execPath, [harness, mainCjs], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.stderr).toBe(0);
  report = JSON.parse(run.stdout) as typeof report;
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const names = () => report.calls.map(([name]) => name);
const call = (name: string) => report.calls.find(([n]) => n === name);

describe('dist/electron/main.cjs, driven with a fake electron module', () => {
  it('registers the app scheme before ready and sandboxes every renderer', () => {
    expect(call('protocol.registerSchemesAsPrivileged')?.[1]).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(names().indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(names().indexOf('app.whenReady'));
    expect(names()).toContain('app.enableSandbox');
  });

  it('confines web contents before the first window exists, then loads app://ctha/', () => {
    expect(names().indexOf('app.on:web-contents-created')).toBeLessThan(names().indexOf('BrowserWindow'));
    const options = call('BrowserWindow')?.[1] as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(existsSync(String(options.webPreferences.preload))).toBe(true);
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(call('loadURL')?.[1]).toBe('app://ctha/index.html');
  });

  it('blocks navigation away, new windows, webviews and permissions', () => {
    expect(report.listeners).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(report).toMatchObject({
      blocksForeignNavigation: true,
      allowsAppNavigation: true,
      windowOpen: { action: 'deny' },
      permission: false,
      permissionCheck: false,
    });
  });

  it('serves dist/renderer with the CSP and refuses traversal', () => {
    expect(report.index).toMatchObject(
      report.hasRenderer ? { status: 200, csp: expect.stringContaining("default-src 'none'") } : { status: 404 },
    );
    expect(report.traversal).toMatchObject({ status: 404 });
  });

  it('answers IPC from its own window through dispatch and refuses strangers', () => {
    expect(report.info).toMatchObject({ ok: true, value: { frontEnd: 'electron' } });
    // The harness passes no project after the main script, so none is opened.
    expect(report.info).not.toHaveProperty('value.initialProjectPath');
    expect(report.stranger).toContain('unknown sender');
  });
});
