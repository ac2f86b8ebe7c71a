import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const startJs = join(root, 'dist', 'electron', 'start.js');
let scratch = '';

beforeAll(() => {
  // Test what `npm start` runs: the bundle, freshly built.
  const build = spawnSync(process.execPath, ['build/build.mjs'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  scratch = mkdtempSync(join(tmpdir(), 'ctha-launcher-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('npm start without an Electron binary', () => {
  it('exits 1 with one paragraph that points to browser mode, and no stack trace', () => {
    const result = spawnSync(process.execPath, [startJs], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        // An empty dist folder: the binary is missing whatever this machine has installed.
        ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'dist'),
        // The one-time download must fail fast and leave node_modules alone, online or not.
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: join(scratch, 'cache'),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npx ctha ui');
    expect(result.stderr).toContain(join(scratch, 'dist'));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('npm start with an Electron binary', () => {
  // A shell script stands in for the binary; Windows would need an .exe.
  it.skipIf(process.platform === 'win32')('runs it on dist/electron/main.cjs with the arguments, and forwards its exit code', () => {
    const dist = join(scratch, 'fake-dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "args:$*"\necho "run-as-node:${ELECTRON_RUN_AS_NODE:-unset}"\nexit 7\n', {
      mode: 0o755,
    });
    const result = spawnSync(process.execPath, [startJs, 'demo.ctha.json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(result.status).toBe(7);
    expect(result.stdout).toContain(`args:${join(root, 'dist', 'electron', 'main.cjs')} demo.ctha.json`);
    expect(result.stdout).toContain('run-as-node:unset');
  });
});
