// Live progress against an emulated lab in Chromium: pre-checks leave their rows behind, and a rolling apply
// shows its rows moving from step to step, one instance out of service at a time, ending done (issue 13 item 2).
// The lab lives on 127.0.252.10 and up (this file's block only).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import type { E2eLab } from './e2e-lab.js';
import { closeSuite, labUp, useConfigHome } from './e2e-lab.js';
import { browserSkipReason, launchChromium, startUi, type UiProcess } from './ui-process.js';

const ADDRESS_BASE = '127.0.252.10';

describe.skipIf(browserSkipReason !== undefined)('live progress in the wizard against an emulated lab', () => {
  let e2e: E2eLab | undefined;
  let ui: UiProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let password = '';
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    // Each start waits 1.5 s for PONG (the lab's feed loading time), so the apply's steps last long enough to be seen.
    e2e = await labUp('ctha-e2e-progress-', [
      '--linux',
      '2',
      '--windows',
      '0',
      '--drift',
      'default',
      '--address-base',
      ADDRESS_BASE,
      '--ready-delay-ms',
      '1500',
    ]);
    password = e2e.file.credentials.password;
    restoreEnv = useConfigHome(join(e2e.dir, 'config'));
    ui = await startUi(['--cluster', join(e2e.dir, 'lab', 'cluster.ctha.json')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 240_000);

  afterAll(async () => {
    await closeSuite({ browser, ui, restoreEnv, lab: e2e });
  }, 90_000);

  /** Clicks `button`, answers prompts (every new host key trusted, the lab password) and calls `watch` between looks, until `done`; bounded. */
  async function runWatching(button: string, done: () => Promise<boolean>, watch: () => Promise<void>, timeoutMs = 120_000): Promise<void> {
    await page.getByTestId(button).click();
    const deadline = Date.now() + timeoutMs;
    for (let round = 0; round < 5000 && Date.now() < deadline; round += 1) {
      await watch();
      if (await done()) return;
      if (await page.locator('.notice-error').isVisible()) throw new Error(`${button}: ${await page.getByTestId('notice').textContent()}`);
      if (await page.getByTestId('prompt-dialog').isVisible()) {
        if (await page.getByTestId('prompt-secret').isVisible()) await page.getByTestId('prompt-secret').fill(password);
        else for (const box of await page.locator('[data-testid^="prompt-key-"]').all()) await box.check();
        await page.getByTestId('prompt-ok').click();
        continue;
      }
      await page.waitForTimeout(100);
    }
    throw new Error(`${button}: not done within ${timeoutMs} ms`);
  }

  const rowStates = (owner: string): Promise<(string | null)[]> =>
    page
      .getByTestId(`progress-${owner}`)
      .locator('.progress-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));

  it('pre-checks, plan and a rolling apply: rows appear, move from step to step, and end done', async () => {
    await page.goto(ui?.url ?? '');
    await page.getByTestId('step-prechecks').click();
    await runWatching(
      'prechecks-run',
      async () => (await page.getByTestId('prechecks-summary').textContent())?.startsWith('All pre-checks passed') ?? false,
      async () => undefined,
    );
    // The run is over: its rows stay, folded, every one done.
    const prechecks = page.getByTestId('progress-prechecks');
    expect(await prechecks.getAttribute('open')).toBeNull();
    const states = await rowStates('prechecks');
    expect(states.length).toBeGreaterThanOrEqual(2);
    expect(new Set(states)).toEqual(new Set(['done']));

    await page.getByTestId('step-plan').click();
    await runWatching(
      'plan-create',
      () => page.getByTestId('plan-summary').isVisible(),
      async () => undefined,
    );
    expect(Number(await page.getByTestId('plan-summary').getAttribute('data-changes'))).toBeGreaterThan(0);

    await page.getByTestId('step-apply').click();
    await page.getByTestId('apply-confirm').check();
    // While the apply runs: every row's step text as seen, and how many instances were out of service at once.
    const seen = new Map<string, Set<string>>();
    const stoppedAtOnce: number[] = [];
    const watch = async (): Promise<void> => {
      const view = page.getByTestId('progress-apply').locator('[data-testid="run-progress"][data-running="true"]');
      if ((await view.count()) === 0) return;
      const rows = await view.locator('.progress-row').evaluateAll((elements) =>
        elements.map((row) => ({
          name: row.querySelector('.progress-name')?.textContent ?? '',
          step: row.querySelector('.progress-step')?.textContent ?? '',
          stopped: row.querySelector('.serving-stopped') !== null,
        })),
      );
      for (const row of rows) seen.set(row.name, (seen.get(row.name) ?? new Set()).add(row.step));
      stoppedAtOnce.push(rows.filter((row) => row.stopped).length);
    };
    await runWatching('apply-run', () => page.getByTestId('apply-summary').isVisible(), watch, 180_000);
    expect(await page.getByTestId('apply-summary').getAttribute('data-changed')).toBe('true');
    // Rows appeared while the apply ran, and at least one row's step text changed as it went on.
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(Math.max(...[...seen.values()].map((steps) => steps.size))).toBeGreaterThanOrEqual(2);
    // A rolling apply: some instance was seen out of service, never two at once.
    expect(Math.max(...stoppedAtOnce)).toBe(1);
    // The end: every row done, the view folded with the last run kept.
    expect(await page.getByTestId('progress-apply').getAttribute('open')).toBeNull();
    expect(new Set(await rowStates('apply'))).toEqual(new Set(['done']));
    expect(await page.getByTestId('progress-apply').getByTestId('progress-serving-line').textContent()).toContain('Not serving now: none.');
    await page.getByTestId('progress-apply').locator('summary').first().click();
    expect(await seriousViolations(page, '[data-testid="progress-apply"]')).toEqual([]);
    // The rows fit the field laptop's screen, and the same at 200% zoom (a 640x400 CSS viewport): nothing scrolls sideways.
    for (const size of [
      { width: 1280, height: 800 },
      { width: 640, height: 400 },
    ]) {
      await page.setViewportSize(size);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0], `at ${size.width}x${size.height}`).toBeLessThanOrEqual(widths[1] ?? 0);
    }
  }, 420_000);
});
