import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validProjectInput } from '../shared/fixtures.js';

// Runs the built bin exactly as a user would (npm test builds before running the tests).
const ctha = (...args: string[]) => spawnSync(process.execPath, ['dist/cli/ctha.js', ...args], { encoding: 'utf8', timeout: 30_000 });

describe('ctha command line', () => {
  it('prints usage and version', async () => {
    const help = ctha('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('ctha ui [--port N] [--cluster FILE]');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string; bin: Record<string, string> };
    expect(ctha('--version').stdout.trim()).toBe(pkg.version);
    expect(pkg.bin['ctha']).toBe('dist/cli/ctha.js');
  });

  it('rejects unknown commands and options with a hint and exit 1, without a stack trace', () => {
    for (const args of [['frobnicate'], ['ui', '--colour'], ['ui', '--port', '99999'], ['ui', '--cluster', '/no/such.ctha.json']]) {
      const run = ctha(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/^ctha: /);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('validate: exit 0 for a valid file, 2 with located issues for an invalid one, 1 for a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-cli-'));
    const good = join(dir, 'good.ctha.json');
    const bad = join(dir, 'bad.ctha.json');
    await writeFile(good, JSON.stringify(validProjectInput()));
    const input = validProjectInput();
    input.instances[2] = { ...input.instances[2]!, port: 0 };
    await writeFile(bad, JSON.stringify(input));
    expect(ctha('validate', good).status).toBe(0);
    const invalid = ctha('validate', bad);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('instances[2].port: expected 1-65535');
    const json = ctha('validate', bad, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, error: { code: 'invalid-project' } });
    expect(ctha('validate', join(dir, 'missing.ctha.json')).status).toBe(1);
  });

  it('schema prints the published JSON Schema', async () => {
    expect(ctha('schema').stdout).toBe(await readFile('docs/ctha.schema.json', 'utf8'));
  });
});
