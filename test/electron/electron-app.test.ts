// Drives the real Electron shell with Playwright where a binary exists; skipped, with the reason in its name, where not.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication } from 'playwright-core';
import { _electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../electron/locate-binary.js';
import { OPERATION_NAMES } from '../../shared/contract/operation-names.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const pathTxtFile = join(electronDir, 'path.txt');
const located = locateElectronBinary(electronDir, {
  platform: process.platform,
  overrideDistPath: process.env.ELECTRON_OVERRIDE_DIST_PATH,
  pathTxt: existsSync(pathTxtFile) ? readFileSync(pathTxtFile, 'utf8') : undefined,
  exists: existsSync,
});
const binary = located.found ? located.path : undefined;
const skipReason = ` (skipped: no Electron binary at ${located.path}; run npm start on a machine with internet once)`;

let app: ElectronApplication | undefined;

beforeAll(() => {
  if (!binary) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  expect(build.status, build.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('Electron shell', () => {
  it.skipIf(!binary)(`launches on app://ctha/ with only the bridge exposed${binary ? '' : skipReason}`, async () => {
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    // Chromium refuses to start as root (CI containers) unless its OS sandbox is off; the renderer stays sandboxed.
    const extra = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({ executablePath: binary, args: [...extra, join(root, 'dist/electron/main.cjs')], env, cwd: root });
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://ctha/index.html');

    const exposed = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = (w.ctha ?? {}) as Record<string, unknown>;
      return {
        methods: Object.keys(bridge).sort(),
        ipcRenderer: 'ipcRenderer' in w || 'ipcRenderer' in bridge,
        require: typeof w.require,
        process: typeof w.process,
      };
    });
    expect(exposed.methods).toEqual([...OPERATION_NAMES, 'onEvent'].sort());
    expect(exposed).toMatchObject({ ipcRenderer: false, require: 'undefined', process: 'undefined' });

    const replies = await page.evaluate(async () => {
      const bridge = (window as unknown as { ctha: Record<string, (input: unknown) => Promise<unknown>> }).ctha;
      return { info: await bridge['app.info']!({}), invalid: await bridge['project.open']!({ path: 42 }) };
    });
    expect(replies.info).toMatchObject({ ok: true, value: { frontEnd: 'electron' } });
    expect(replies.invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const csp = await page.evaluate(async () => (await fetch('app://ctha/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");

    // A navigation away from the app origin is refused in main; the page stays where it was.
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://ctha/index.html');
  });
});
