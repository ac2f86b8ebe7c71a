import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTime } from '../../renderer/session/restored-marks.js';
import { seriousViolations } from './axe.js';
import type { E2eLab } from './e2e-lab.js';
import { closeSuite, labUp, pageWithProblems } from './e2e-lab.js';
import { browserSkipReason, launchChromium, startUi, type UiProcess } from './ui-process.js';

// Resume (issue 13 item 3) in Chromium against an emulated lab with drift on 127.0.172.x (this suite's range only):
// audit, reload the page, the same step comes back with the audit marked by its time and STALE; Start over clears it.
const ARTIFACTS = 'test-artifacts/e2e';
const ADDRESS_BASE = '127.0.172.10';
const title = (name: string): string => (browserSkipReason ? `${name} (skipped: ${browserSkipReason})` : name);

describe.skipIf(browserSkipReason !== undefined)('wizard resume in Chromium against an emulated lab', () => {
  let e2e: E2eLab | undefined;
  let dir = '';
  let ui: UiProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let password = '';
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    e2e = await labUp('ctha-e2e-resume-', ['--linux', '2', '--windows', '0', '--drift', 'default', '--address-base', ADDRESS_BASE]);
    dir = e2e.dir;
    password = e2e.file.credentials.password;
    ui = await startUi(['--cluster', join(dir, 'lab', 'cluster.ctha.json')]);
    browser = await launchChromium();
    // Uncaught page errors only (console errors are not asserted here).
    page = await pageWithProblems(browser, { width: 1280, height: 800 }, problems, false);
  }, 240_000);

  afterAll(() => closeSuite({ browser, ui, lab: e2e }), 90_000);

  // Clicks `button` and answers the engine's prompts (every new host key trusted, the lab password) until `done`; bounded.
  async function runAnswering(button: string, done: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    await page.getByTestId(button).click();
    const deadline = Date.now() + timeoutMs;
    for (let answered = 0; Date.now() < deadline && answered < 20;) {
      if (await done()) return;
      if (await page.locator('.notice-error').isVisible()) throw new Error(`${button}: ${await page.getByTestId('notice').textContent()}`);
      if (await page.getByTestId('prompt-dialog').isVisible()) {
        if (await page.getByTestId('prompt-secret').isVisible()) await page.getByTestId('prompt-secret').fill(password);
        else for (const box of await page.locator('[data-testid^="prompt-key-"]').all()) await box.check();
        await page.getByTestId('prompt-ok').click();
        answered += 1;
        continue;
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`${button}: not done within ${timeoutMs} ms`);
  }

  it(
    title('an audit survives a reload: same step, the audit shown, marked by its time and STALE; Start over clears it'),
    async () => {
      const project = join(dir, 'lab', 'cluster.ctha.json');
      const sessionFile = join(dir, 'lab', 'cluster.ctha-session.json');
      await page.goto(ui?.url ?? '');
      await page.locator('.sidebar-project-name').waitFor();
      await page.getByTestId('step-audit').click();
      await runAnswering('audit-run', () => page.getByTestId('audit-verdict').isVisible());
      const verdict = await page.getByTestId('audit-verdict').getAttribute('data-verdict');
      const cells = () =>
        page
          .locator('[data-testid^="audit-cell-req8-"][data-status]')
          .evaluateAll((found) => found.map((cell) => cell.getAttribute('data-status')));
      const before = await cells();
      expect(before).toContain('drift');

      // Saved beside the project, owner-only, on the Audit step with the audit's time.
      await page.getByTestId('session-saved').waitFor();
      await expect.poll(() => existsSync(sessionFile)).toBe(true);
      const saved = JSON.parse(readFileSync(sessionFile, 'utf8')) as { step: string; projectPath: string; audit?: { at: string } };
      expect(saved).toMatchObject({ step: 'audit', projectPath: project });
      expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(sessionFile, 'utf8')).not.toContain(password);
      const auditAt = saved.audit?.at ?? '';
      // The sidebar's "Place saved" line and Start over are readable in both themes.
      expect(await seriousViolations(page, '.sidebar')).toEqual([]);

      await page.reload();
      await page.getByTestId('session-mark-current').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('step-title').textContent()).toBe('Audit');
      expect(await page.getByTestId('step-audit').getAttribute('aria-current')).toBe('step');
      expect(await page.getByTestId('audit-verdict').getAttribute('data-verdict')).toBe(verdict);
      expect(await cells()).toEqual(before);
      const mark = page.getByTestId('session-mark-current');
      expect(await mark.getAttribute('data-result')).toBe('audit');
      expect(await mark.getAttribute('data-stale')).toBe('true');
      // The page and this test run on the same machine and time zone: the same wall-clock time.
      expect(await mark.textContent()).toContain(`from ${clockTime(auditAt)}, before the window was closed. STALE`);
      await page.screenshot({ path: `${ARTIFACTS}/60-session-resumed.png`, fullPage: true });
      expect(await seriousViolations(page, 'html')).toEqual([]);

      await page.getByTestId('session-start-over').click();
      await expect.poll(() => existsSync(sessionFile)).toBe(false);
      await expect.poll(() => page.getByTestId('step-title').textContent()).toBe('Pre-checks');
      await page.getByTestId('step-audit').click();
      expect(await page.getByTestId('audit-verdict').count()).toBe(0);
      expect(await page.getByTestId('session-resumed').count()).toBe(0);
      expect(existsSync(project)).toBe(true);
      expect(problems).toEqual([]);
    },
    240_000,
  );

  it(
    title('a plan survives a reload: read again from its file, marked STALE, and Apply not confirmed'),
    async () => {
      await page.getByTestId('step-plan').click();
      await runAnswering('plan-create', () => page.getByTestId('plan-summary').isVisible());
      const changes = await page.getByTestId('plan-summary').getAttribute('data-changes');
      const planFile = await page.getByTestId('plan-path').textContent();
      await expect
        .poll(() =>
          existsSync(join(dir, 'lab', 'cluster.ctha-session.json'))
            ? readFileSync(join(dir, 'lab', 'cluster.ctha-session.json'), 'utf8')
            : '',
        )
        .toContain('"step":"plan"');

      await page.reload();
      await page.getByTestId('session-mark-current').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('step-title').textContent()).toBe('Plan');
      expect(await page.getByTestId('session-mark-current').getAttribute('data-result')).toBe('plan');
      expect(await page.getByTestId('session-mark-current').getAttribute('data-stale')).toBe('true');
      expect(await page.getByTestId('plan-summary').getAttribute('data-changes')).toBe(changes);
      expect(await page.getByTestId('plan-path').textContent()).toBe(planFile);
      await page.getByTestId('step-apply').click();
      expect(await page.getByTestId('apply-confirm').isChecked()).toBe(false);
      expect(await page.getByTestId('apply-run').isDisabled()).toBe(true);
      expect(problems).toEqual([]);
    },
    180_000,
  );
});
