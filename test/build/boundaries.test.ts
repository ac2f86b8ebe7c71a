import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const depcruise = (...targets: string[]) =>
  spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.cjs', ...targets], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('import boundaries', () => {
  it('fail on the fixture of deliberate violations, naming each rule', () => {
    const run = depcruise('test/fixtures/layering');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('pure-layers-import-node-layers: test/fixtures/layering/renderer/imports-engine.ts → test/fixtures/layering/engine/secret-store.ts');
    expect(run.stdout).toContain('pure-layers-import-node-builtins: test/fixtures/layering/renderer/imports-engine.ts → fs');
    expect(run.stdout).toContain('pure-layers-import-node-builtins: test/fixtures/layering/shared/imports-fs.ts → fs');
    expect(run.stdout).toContain('engine-imports-front-ends: test/fixtures/layering/engine/imports-ui.ts → node_modules/electron/index.js');
    expect(run.stdout).toContain('engine-imports-front-ends: test/fixtures/layering/engine/imports-ui.ts → node_modules/react/index.js');
  });

  it('pass on the source tree', () => {
    const run = depcruise('shared', 'engine', 'electron', 'renderer', 'cli');
    expect(run.stdout).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
