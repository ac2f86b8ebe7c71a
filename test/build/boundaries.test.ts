import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const depcruise = (...targets: string[]) =>
  spawnSync(
    process.execPath,
    ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.cjs', ...targets],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

describe('import boundaries', () => {
  it('fail on the fixture of deliberate violations, naming each rule', () => {
    const run = depcruise('test/fixtures/layering');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      'pure-layers-import-node-layers: test/fixtures/layering/renderer/imports-engine.ts → test/fixtures/layering/engine/secret-store.ts',
    );
    expect(run.stdout).toContain('pure-layers-import-node-builtins: test/fixtures/layering/renderer/imports-engine.ts → fs');
    expect(run.stdout).toContain('pure-layers-import-node-builtins: test/fixtures/layering/shared/imports-fs.ts → fs');
    expect(run.stdout).toContain('engine-imports-front-ends: test/fixtures/layering/engine/imports-ui.ts → node_modules/electron/index.js');
    expect(run.stdout).toContain('engine-imports-front-ends: test/fixtures/layering/engine/imports-ui.ts → node_modules/react/index.js');
  });

  it('catch the CLI reaching past the engine factory, and only that', () => {
    const run = depcruise('test/fixtures/layering/cli');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      'cli-imports-engine-internals: test/fixtures/layering/cli/imports-engine-internals.ts → test/fixtures/layering/engine/secret-store.ts',
    );
    // The factory itself is the one door the CLI may use.
    expect(run.stdout).not.toContain('→ test/fixtures/layering/engine/api/create-engine.ts');
  });

  it('catch engine/ssh importing engine/api, discovery importing the steps, and an import cycle', () => {
    const run = depcruise('test/fixtures/layering/engine', 'test/fixtures/layering/cycle');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain(
      'ssh-imports-api: test/fixtures/layering/engine/ssh/imports-api.ts → test/fixtures/layering/engine/api/create-engine.ts',
    );
    expect(run.stdout).toContain(
      'discovery-imports-steps: test/fixtures/layering/engine/cybertrace/discovery/imports-steps.ts → test/fixtures/layering/engine/steps/run-step.ts',
    );
    expect(run.stdout).toMatch(
      /no-circular: test\/fixtures\/layering\/cycle\/first\.ts → \n\s+test\/fixtures\/layering\/cycle\/second\.ts →\n\s+test\/fixtures\/layering\/cycle\/first\.ts/,
    );
  });

  // That the source tree passes is `npm run lint:boundaries`, part of `npm run lint` in `npm test`: running
  // dependency-cruiser over the whole tree here as well cost the suite 11 s for the same answer.
});
