// `ctha demo` (the interactive demo) without a browser, as a user runs it from the built dist/: its
// training lab at 127.0.232.20-23 writes a project that logs in with the lab's key and needs no sudo
// password, the printed URL opens the wizard with the training-lab banner, and Ctrl+C removes everything
// the demo wrote, including a plan file the wizard left beside the project.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/project/schema.js';
import { CTHA_JS, requireBuiltCli } from '../support/ctha.js';
import { browserSkipReason, launchChromium } from '../e2e/ui-process.js';

const RENDERER_INDEX = join('dist', 'renderer', 'index.html');

// Waits (bounded: 120 s) until the demo's output holds a line matching `pattern`, or the process ends.
function waitForLine(child: ChildProcessWithoutNullStreams, output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} in 120 s:\n${output()}`)), 120_000);
    const check = (): void => {
      const match = output().match(pattern);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(match);
    };
    child.stdout.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the demo ended early:\n${output()}`));
    });
    check();
  });
}

describe('ctha demo (interactive), driven without a browser', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  let projectPath: string;
  let url: string;

  beforeAll(async () => {
    requireBuiltCli();
    if (!existsSync(RENDERER_INDEX)) throw new Error(`${RENDERER_INDEX} is missing: run \`npm run build\` first`);
    child = spawn(process.execPath, [CTHA_JS, 'demo', '--address-base', '127.0.232.20'], { stdio: 'pipe' });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = (await waitForLine(child, () => stdout + stderr, /^URL: (\S+)$/m))[1] ?? '';
    projectPath = (stdout.match(/^Project: +(\S+)$/m) ?? [])[1] ?? '';
  }, 150_000);

  afterAll(() => {
    // Only if a test failed before Ctrl+C: stop the demo this file started.
    if (child.exitCode === null) child.kill('SIGINT');
  });

  it("writes a project that logs in with the lab's key, with passwordless sudo on Linux", () => {
    const project = JSON.parse(readFileSync(projectPath, 'utf8')) as Project;
    const keyPath = join(dirname(projectPath), 'keys', 'id_ed25519');
    expect(project.instances.map((instance) => [instance.name, instance.auth, instance.privilege])).toEqual([
      ['ct-linux-1', { method: 'key', keyPath }, 'sudo'],
      ['ct-linux-2', { method: 'key', keyPath }, 'sudo'],
      ['ct-win-1', { method: 'key', keyPath }, 'administrator'],
    ]);
    expect(stdout).toContain('Nothing to copy: the project logs in with the lab key');
  });

  it('prints the wizard URL with the training-lab fragment the page reads for its banner', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+#training-lab$/);
  });

  it.skipIf(browserSkipReason !== undefined)(
    `the page shows the training-lab banner on every screen, and only when opened with the fragment${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ''}`,
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(url.replace(/#training-lab$/, ''));
        await page.getByTestId('step-title').filter({ hasText: 'Project' }).waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('training-banner').count()).toBe(0);
        await page.goto(url);
        const banner = page.getByTestId('training-banner');
        await banner.waitFor({ timeout: 30_000 });
        expect(await banner.textContent()).toMatch(/^Training lab: simulated CyberTrace hosts\./);
        for (const step of ['Pre-checks', 'Audit', 'Report']) {
          await page.getByRole('navigation').getByRole('button', { name: step, exact: true }).click();
          await page.getByTestId('step-title').filter({ hasText: step }).waitFor({ timeout: 10_000 });
          expect(await banner.isVisible(), step).toBe(true);
        }
      } finally {
        await browser.close();
      }
    },
    120_000,
  );

  it('on Ctrl+C stops the lab and removes the demo folder, with the plan file left beside the project', async () => {
    const folder = dirname(projectPath);
    writeFileSync(join(folder, 'cluster.plan.json'), '{}');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain(`Lab ${folder} stopped`);
    expect(existsSync(folder)).toBe(false);
  }, 60_000);
});
