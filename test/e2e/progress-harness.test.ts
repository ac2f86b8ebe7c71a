// 100 instances' apply events fed through the wizard's store as fast as the page takes them: every row renders,
// shows the step its instance is at, and ends done. How long the main thread is busy is measured by
// `npm run bench:progress`, never asserted here (docs/BENCHMARKS.md).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressHarness } from './progress-harness-page.js';
import { seriousViolations } from './axe.js';
import { buildProgressHarness, openProgressHarness } from './progress-harness-build.mjs';
import { browserSkipReason, launchChromium } from './ui-process.js';

const INSTANCES = 100;

describe.skipIf(browserSkipReason !== undefined)('live progress of 100 instances in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const built = await buildProgressHarness();
    browser = await launchChromium();
    page = await openProgressHarness(browser, built);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const feed = (options: Parameters<ProgressHarness['feed']>[0]): Promise<number> =>
    page.evaluate((given) => (window as unknown as { progressHarness: ProgressHarness }).progressHarness.feed(given), options);
  const attribute = (name: string): Promise<(string | null)[]> =>
    page.locator('.progress-row').evaluateAll((rows, wanted) => rows.map((row) => row.getAttribute(wanted)), name);

  it('midway: 100 rows, each at the step fed last, each saying its service is stopped, the serving line naming them', async () => {
    const sent = await feed({ instances: INSTANCES, until: 'write' });
    // connect..write: 7 steps x 2 states x 100 instances, plus 3 transcript lines per instance and step.
    expect(sent).toBe(7 * 2 * INSTANCES + 7 * 3 * INSTANCES);
    await expect.poll(() => page.locator('.progress-row').count(), { timeout: 15_000 }).toBe(INSTANCES);
    await expect.poll(async () => new Set(await attribute('data-step')), { timeout: 15_000 }).toEqual(new Set(['write']));
    expect(new Set(await attribute('data-state'))).toEqual(new Set(['done']));
    expect(await page.getByTestId('progress-step-99').textContent()).toBe('Writing the files: write done');
    expect(await page.getByTestId('progress-serving-42').textContent()).toBe('service stopped: not serving');
    const line = (await page.getByTestId('progress-serving-line').textContent()) ?? '';
    expect(line).toContain('ct-001, ct-002');
    expect(line).toContain('ct-100. Serving: none.');
    const bar = page.getByTestId('progress-row-0').getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('8');
    expect(await bar.getAttribute('aria-valuemax')).toBe('11');
    // The transcript: opened on demand, with the commands the rows were sent (7 steps x 3 lines).
    await page.getByTestId('progress-row-5').locator('summary').click();
    // The transcript renders once its row is open (the click's re-render may land a frame later).
    await expect.poll(() => page.getByTestId('progress-row-5').locator('.progress-transcript li').count(), { timeout: 10_000 }).toBe(21);
    expect(await page.getByTestId('progress-row-5').locator('.progress-transcript').textContent()).toContain('true # write 2');
    // Bars named, states in words, contrast in both themes: nothing serious for axe, with a transcript open.
    expect(await seriousViolations(page, '[data-testid="progress-apply"]')).toEqual([]);
  }, 60_000);

  it('to the end: every row done with a full bar and serving again; the run folds when the operation answers', async () => {
    await feed({ instances: INSTANCES });
    await expect.poll(async () => new Set(await attribute('data-step')), { timeout: 15_000 }).toEqual(new Set(['apply']));
    expect(new Set(await attribute('data-state'))).toEqual(new Set(['done']));
    const values = await page.getByRole('progressbar').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-valuenow')));
    expect(values).toEqual(Array<string>(INSTANCES).fill('11'));
    expect(await page.getByTestId('progress-serving-line').textContent()).toContain('Not serving now: none.');
    // State changes were announced politely: the last batch of instances turned done.
    expect(await page.getByTestId('progress-announcer').textContent()).toMatch(/ct-\d{3}: done/);
    await page.evaluate(() => (window as unknown as { progressHarness: ProgressHarness }).progressHarness.finish());
    await expect.poll(() => page.getByTestId('progress-apply').getAttribute('open'), { timeout: 10_000 }).toBeNull();
    expect(await page.getByTestId('progress-apply').locator('summary').first().textContent()).toBe(
      'Progress of the last run (100 instance(s))',
    );
  }, 60_000);
});
