import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProjectText } from '../../shared/project/parse.js';
import { browserSkipReason, launchChromium, startUi, type UiProcess } from './ui-process.js';

const ARTIFACTS = 'test-artifacts/e2e';
const STEPS = [
  'project',
  'prechecks',
  'audit',
  'req1',
  'req2',
  'req3',
  'req4',
  'req5',
  'req6',
  'req7',
  'req8',
  'alerts',
  'plan',
  'apply',
  'probe',
  'report',
];
const title = (name: string): string => (browserSkipReason ? `${name} (skipped: ${browserSkipReason})` : name);

describe.skipIf(browserSkipReason !== undefined)('wizard in Chromium through ctha ui', () => {
  let ui: UiProcess;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    ui = await startUi();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // A CSP violation or a script error is a defect even when the screen looks right.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
  });

  it(title('creates a two-instance project, saves it, reloads it and walks every step'), async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-e2e-'));
    const file = join(dir, 'e2e-cluster.ctha.json');
    await page.goto(ui.url);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/^v\d+\.\d+\.\d+ · browser$/);
    await page.screenshot({ path: `${ARTIFACTS}/00-start.png` });

    await page.getByTestId('project-new').click();
    await page.getByTestId('project-name').fill('E2E cluster');
    await page.getByTestId('instance-add').click();
    await page.getByTestId('instance-0-name').fill('ct-a');
    await page.getByTestId('instance-0-host').fill('10.1.0.1');
    await page.getByTestId('instance-0-user').fill('admin');
    await page.getByTestId('instance-1-name').fill('ct-b');
    await page.getByTestId('instance-1-host').fill('10.1.0.2');
    await page.getByTestId('instance-1-user').fill('Administrator');
    await page.getByTestId('instance-1-os').selectOption('windows');
    await page.getByTestId('instance-1-auth').selectOption('key');
    await page.getByTestId('instance-1-keypath').fill('/home/e/.ssh/id_ed25519');

    // An invalid value shows a located issue and blocks saving.
    await page.getByTestId('instance-1-port').fill('70000');
    await expect.poll(() => page.getByTestId('validation-issues').textContent()).toContain('instances[1].port: expected 1-65535');
    await page.getByTestId('project-path').fill(file);
    expect(await page.getByTestId('project-save').isDisabled()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/01-project-invalid.png` });

    await page.getByTestId('instance-1-port').fill('2222');
    await page.getByTestId('reference-instance').selectOption('ct-b');
    await expect.poll(() => page.getByTestId('validation-issues').textContent()).toContain('The project is valid.');
    await page.getByTestId('project-save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Saved');

    const saved = parseProjectText(await readFile(file, 'utf8'));
    if (!saved.ok) throw new Error(`saved file is invalid: ${JSON.stringify(saved.issues)}`);
    expect(saved.project.name).toBe('E2E cluster');
    expect(saved.project.referenceInstance).toBe('ct-b');
    expect(saved.project.instances).toMatchObject([
      { name: 'ct-a', host: '10.1.0.1', port: 22, os: 'linux', user: 'admin', privilege: 'sudo-password' },
      {
        name: 'ct-b',
        host: '10.1.0.2',
        port: 2222,
        os: 'windows',
        privilege: 'administrator',
        auth: { method: 'key', keyPath: '/home/e/.ssh/id_ed25519' },
      },
    ]);

    // A fresh page has nothing in memory: everything shown next comes back from the file.
    await page.reload();
    await expect.poll(() => page.getByTestId('app-version').textContent()).toContain('browser');
    await page.getByTestId('project-path').fill(file);
    await page.getByTestId('project-open').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Opened');
    expect(await page.getByTestId('project-name').inputValue()).toBe('E2E cluster');
    expect(await page.getByTestId('instance-1-port').inputValue()).toBe('2222');
    expect(await page.getByTestId('instance-1-os').inputValue()).toBe('windows');
    expect(await page.getByTestId('reference-instance').inputValue()).toBe('ct-b');

    for (const [index, step] of STEPS.entries()) {
      await page.getByTestId(`step-${step}`).click();
      await expect.poll(() => page.getByTestId('step-title').isVisible()).toBe(true);
      if (step.startsWith('req')) {
        // Requirement steps put the instances side by side, one column each.
        expect(await page.getByTestId('column-0').textContent()).toContain('ct-a');
        expect(await page.getByTestId('column-1').textContent()).toContain('ct-b');
      }
      await page.screenshot({ path: `${ARTIFACTS}/${String(index + 2).padStart(2, '0')}-${step}.png` });
    }
    expect(problems).toEqual([]);
  });

  it(title('shows the engine issues of an invalid file it is asked to open'), async () => {
    await page.getByTestId('step-project').click();
    await page.getByTestId('project-path').fill('examples/../package.json');
    await page.getByTestId('project-open').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('not a valid project file');
    expect(await page.getByTestId('validation-issues').textContent()).toContain('schemaVersion');
  });

  it(title('follows the OS colour scheme: a dark theme with the same words'), async () => {
    const luminance = (): Promise<number> =>
      page.evaluate(() => {
        const [r = 0, g = 0, b = 0] = (getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g) ?? []).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await luminance()).toBeGreaterThan(0.8);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await luminance()).toBeLessThan(0.2);
    await page.screenshot({ path: `${ARTIFACTS}/15-dark-project.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe.skipIf(browserSkipReason !== undefined)('ctha ui --cluster', () => {
  it(title('opens the given project on start'), async () => {
    const ui = await startUi(['--cluster', 'examples/demo.ctha.json']);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(ui.url);
      await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('Demo cluster');
      expect(await page.getByTestId('instance-1-os').inputValue()).toBe('windows');
      await page.getByTestId('step-prechecks').click();
      expect(await page.getByTestId('prechecks-summary').textContent()).toBe('Not run yet.');
      // Nothing to apply before a plan exists; the step says so instead of offering a button.
      await page.getByTestId('step-apply').click();
      expect(await page.getByTestId('apply-no-plan').isVisible()).toBe(true);
    } finally {
      await browser.close();
      await ui.stop();
    }
  });
});

describe.skipIf(browserSkipReason !== undefined)('ctha demo', () => {
  it(
    title("serves the wizard with an emulated lab's project and removes the lab when stopped"),
    async () => {
      const demo = await startUi([], 'demo', 120_000);
      const browser = await launchChromium();
      try {
        const labDir = /Lab running in (\S+) /.exec(demo.stdout())?.[1];
        expect(labDir).toBeDefined();
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        await page.goto(demo.url);
        await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('CyberTrace lab');
        expect(await page.getByTestId('instance-2-os').inputValue()).toBe('windows');
        await page.screenshot({ path: `${ARTIFACTS}/20-demo-project.png` });

        // Pre-checks against the lab: one host-key review for all three hosts, and no password at all: the
        // demo's project logs in with the lab's key and its hosts give privilege without one (issue 13 item 6).
        const password = (JSON.parse(readFileSync(join(labDir ?? '', 'lab.json'), 'utf8')) as { credentials: { password: string } })
          .credentials.password;
        await page.getByTestId('step-prechecks').click();
        // After a step change the page starts at its heading.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-title');
        await page.getByTestId('prechecks-run').click();
        await page.getByTestId('prompt-dialog').waitFor({ timeout: 20_000 });
        const focusInDialog = (): Promise<boolean> =>
          page.evaluate(() => document.querySelector('[data-testid="prompt-dialog"]')?.contains(document.activeElement) ?? false);
        // The dialog takes focus, Tab never leaves it, the page behind is inert, and Escape cancels the question.
        expect(await focusInDialog()).toBe(true);
        for (let presses = 0; presses < 8; presses += 1) {
          await page.keyboard.press(presses % 2 === 0 ? 'Tab' : 'Shift+Tab');
          await page.keyboard.press('Tab');
          expect(await focusInDialog()).toBe(true);
        }
        expect(await page.locator('.app').getAttribute('inert')).not.toBeNull();
        expect(await page.getByTestId('prompt-ok').isDisabled()).toBe(true); // nothing ticked: nothing to trust
        await page.keyboard.press('Escape');
        await page.getByTestId('prompt-dialog').waitFor({ state: 'detached', timeout: 20_000 });
        expect(await page.locator('.app').getAttribute('inert')).toBeNull();
        // Again, this time trusting all three keys with the one "tick all" box.
        await expect.poll(() => page.getByTestId('prechecks-run').isEnabled(), { timeout: 30_000 }).toBe(true);
        await page.getByTestId('prechecks-run').click();
        await page.getByTestId('prompt-dialog').waitFor({ timeout: 20_000 });
        await page.screenshot({ path: `${ARTIFACTS}/21-demo-host-key-review.png` });
        await page.getByTestId('prompt-key-all').check();
        for (const index of [0, 1, 2]) expect(await page.getByTestId(`prompt-key-${index}`).isChecked()).toBe(true);
        expect(await page.getByTestId('prompt-ok').textContent()).toBe('Trust 3 ticked key(s)');
        await page.getByTestId('prompt-ok').click();
        await expect
          .poll(() => page.getByTestId('prechecks-summary').textContent(), { timeout: 30_000 })
          .toContain('All pre-checks passed. 3 host key(s) pinned');
        expect(await page.getByTestId('precheck-privilege-2').getAttribute('data-status')).toBe('pass');
        expect(await page.getByTestId('prompt-secret').count()).toBe(0);
        await page.screenshot({ path: `${ARTIFACTS}/22-demo-prechecks.png`, fullPage: true });
        // The pins went into the project file, and nothing secret did.
        const saved = readFileSync(join(labDir ?? '', 'cluster.ctha.json'), 'utf8');
        expect((JSON.parse(saved) as { hostKeys: unknown[] }).hostKeys).toHaveLength(3);
        expect(saved).not.toContain(password);
        await demo.stop();
        expect(existsSync(labDir ?? '/nonexistent-lab')).toBe(false);
      } finally {
        await browser.close();
        await demo.stop();
      }
    },
    180_000,
  );
});
