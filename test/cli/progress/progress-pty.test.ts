// The progress view on a real pseudo-terminal: util-linux `script` runs a feeder whose stdout is a pty,
// and the view must redraw its lines in place there (and print nothing for --json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ESC = '\u001b';
const scriptPath = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).stdout.trim();
const skip = scriptPath === '' ? 'util-linux `script` is not installed' : undefined;
const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

describe.skipIf(skip !== undefined)('CLI progress view on a pseudo-terminal', () => {
  let dir: string;
  let feeder: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctha-pty-'));
    feeder = join(dir, 'feeder.mjs');
    // The feeder is bundled on its own into a temporary folder (dist/ is untouched).
    buildSync({
      entryPoints: [join(import.meta.dirname, 'pty-feeder.ts')],
      outfile: feeder,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const underScript = (args: string): string => {
    const result = spawnSync(
      scriptPath,
      ['-q', '-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(feeder)} ${args}`, '/dev/null'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  };

  it(title('redraws one line per instance in place and ends with the final state'), () => {
    const out = underScript('');
    expect(out).toContain('isTTY=true');
    // Redrawn: the cursor goes back up over the three instance lines more than once.
    const ups = out.split(`${ESC}[3F`).length - 1;
    expect(ups).toBeGreaterThanOrEqual(2);
    expect(out.split(`${ESC}[2K`).length - 1).toBeGreaterThan(3);
    // The last draw shows every instance at its last step, full.
    const last = out.slice(out.lastIndexOf(`${ESC}[3F`));
    for (const name of ['ct-1', 'ct-2', 'ct-3']) expect(last).toMatch(new RegExp(`${name}\\s+\\[#{12}\\] 5/5 start done`));
  });

  it(title('prints no progress with --json, even on a terminal'), () => {
    const out = underScript('--json');
    expect(out).toContain('isTTY=true');
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('ct-1');
  });
});
