import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostPathToLocal } from '../../lab/host-paths.js';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';
import { DEMO_INDICATORS } from '../../lab/simulator/demo-feed.js';
import { LAB_REST_PORT } from '../../lab/simulator/lab-rest.js';
import { DEFAULT_WEB_USER } from '../../lab/simulator/rest-lab-data.js';
import { hostTreeLayout } from '../../lab/trees/tree-layout.js';
import { seriousViolations } from './axe.js';
import type { E2eLab } from './e2e-lab.js';
import { closeSuite, labUp, pageWithProblems } from './e2e-lab.js';
import { browserSkipReason, launchChromium, startUi, type UiProcess } from './ui-process.js';

// Requirement 3's spot-check in Chromium against a full emulated lab (`ctha lab up`, whose instances serve REST):
// run it, see each instance's result, attach it to the attestations, find it in the project file; then make one
// instance differ and see that it is named and cannot be attached. The lab lives on 127.0.175.x (this file's range only).
const ARTIFACTS = 'test-artifacts/e2e';
const ADDRESS_BASE = '127.0.175.10';
const INSTANCES = ['ct-linux-1', 'ct-linux-2', 'ct-win-1'];

describe.skipIf(browserSkipReason !== undefined)('requirement 3 spot-check in Chromium against the emulated lab', () => {
  let e2e: E2eLab | undefined;
  let lab: LabFile;
  let ui: UiProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    // The key and passwordless sudo of the demo lab: the audit asks only for the host keys.
    e2e = await labUp('ctha-e2e-spotcheck-', [
      '--linux',
      '2',
      '--windows',
      '1',
      '--drift',
      'none',
      '--key-login',
      '--passwordless-sudo',
      '--address-base',
      ADDRESS_BASE,
    ]);
    lab = e2e.file;
    ui = await startUi(['--cluster', lab.projectPath], 'ui', 15_000, { XDG_CONFIG_HOME: join(e2e.dir, 'config') });
    browser = await launchChromium();
    page = await pageWithProblems(browser, { width: 1280, height: 800 }, problems);
  }, 240_000);

  afterAll(() => closeSuite({ browser, ui, lab: e2e }), 90_000);

  /**
   * Answers the engine's prompts until `done` holds: host keys and certificates all ticked, `password` (the lab's
   * REST password unless given) for a password; bounded in time and in prompts answered. Returns the kinds answered, in order.
   */
  async function answerUntil(
    done: () => Promise<boolean>,
    timeoutMs = 90_000,
    password: string = DEFAULT_WEB_USER.password,
  ): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const answered: string[] = [];
    while (Date.now() < deadline && answered.length < 20) {
      if (await done()) return answered;
      if (await page.getByTestId('prompt-dialog').isVisible()) {
        if (await page.getByTestId('prompt-secret').isVisible()) {
          await page.getByTestId('prompt-secret').fill(password);
          answered.push('password');
        } else {
          const certificates = await page.locator('[data-testid^="prompt-cert-"]').all();
          for (const box of certificates) await box.check();
          for (const box of await page.locator('[data-testid^="prompt-key-"]').all()) await box.check();
          answered.push(certificates.length > 0 ? 'certificates' : 'host-keys');
        }
        await page.getByTestId('prompt-ok').click();
        continue;
      }
      await page.waitForTimeout(200);
    }
    throw new Error(`not done within ${timeoutMs} ms after ${answered.join(', ') || 'no prompt'}`);
  }

  const outcome = () => page.getByTestId('spotcheck-outcome').getAttribute('data-outcome');
  const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('runs the spot-check, shows every instance consistent, attaches it, and the project file holds the evidence', async () => {
    expect(lab.options.addressBase).toBe(ADDRESS_BASE);
    await page.goto(ui?.url ?? '');
    // An audit first: the attest buttons are offered for what it could not read (requirement 3 on every instance).
    await page.getByTestId('step-audit').click();
    await page.getByTestId('audit-run').click();
    await answerUntil(() => page.getByTestId('audit-verdict').isVisible());
    await page.getByTestId('step-req3').click();
    const panel = page.getByTestId('spotcheck-panel');
    await panel.waitFor();

    // Validated at the field, nothing sent: a control character names its line.
    await page.getByTestId('spotcheck-indicators').fill(`${DEMO_INDICATORS.url}\nbad\u0007line`);
    await page.getByTestId('spotcheck-port').fill('0');
    await page.getByTestId('spotcheck-run').click();
    expect(await page.getByTestId('spotcheck-error-indicators').textContent()).toBe('line 2: contains a control character');
    expect(await page.getByTestId('spotcheck-error-port').textContent()).toMatch(/^expected a port 1-65535/);
    expect(await page.getByTestId('spotcheck-indicators').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('spotcheck-outcome').count()).toBe(0);

    await page.getByTestId('spotcheck-indicators').fill(`${DEMO_INDICATORS.url}\n${DEMO_INDICATORS.ip}\n198.51.100.7\n`);
    await page.getByTestId('spotcheck-port').fill(String(LAB_REST_PORT));
    await page.getByTestId('spotcheck-run').click();
    // The certificate review, then one password for every instance, through the wizard's own prompt dialogs.
    const prompts = await answerUntil(async () => (await page.getByTestId('spotcheck-outcome').count()) > 0);
    expect(prompts).toEqual(['certificates', 'password']);
    expect(await outcome()).toBe('consistent');
    for (const [index, name] of INSTANCES.entries()) {
      const row = page.getByTestId(`spotcheck-instance-${index}`);
      expect(await row.getAttribute('data-state')).toBe('answered');
      expect(await row.textContent()).toContain(`${name}${ADDRESS_BASE.replace(/\.\d+$/, `.${11 + index}`)}:${LAB_REST_PORT}`);
      expect(await page.getByTestId(`spotcheck-differs-${index}`).textContent()).toBe('nothing (same as the others)');
    }
    expect(await page.getByTestId('spotcheck-indicator-0').textContent()).toContain('Demo_Botnet_CnC_URL');
    expect(await page.getByTestId('spotcheck-indicator-0').textContent()).toContain('same everywhere');
    // Nothing to attach to yet: the button says to attest first.
    expect(await page.getByTestId('spotcheck-attach').isDisabled()).toBe(true);
    expect(await page.getByTestId('spotcheck-attach-note').textContent()).toMatch(/^Attest requirement 3 below first/);

    // The attest form offers the spot-check (ticked): the first two instances take it from there, the third without it.
    for (const index of [0, 1, 2]) {
      await page.getByTestId(`statement-attest-${index}`).click();
      await page.getByTestId('statement-note').fill('Indicator lists compared by the REST spot-check of this lab');
      await page.getByTestId('statement-engineer').fill('E2E Engineer');
      expect(await page.getByTestId('statement-spotcheck').isChecked()).toBe(true);
      if (index === 2) await page.getByTestId('statement-spotcheck').uncheck();
      await page.getByTestId('statement-save').click();
      await expect
        .poll(() => page.getByTestId(`requirement-finding-${index}`).getAttribute('data-status'), { timeout: 15_000 })
        .toBe('attested');
    }
    expect(await page.getByTestId('statement-spotcheck-2').count()).toBe(0);
    // The panel's button then attaches it to every attestation of requirement 3 (the third one included).
    await page.getByTestId('spotcheck-attach').click();
    await expect
      .poll(() => page.getByTestId('spotcheck-attach-result').textContent(), { timeout: 15_000 })
      .toBe(`Attached to the attestation of requirement 3 on ${INSTANCES.join(', ')}; saved in the project file.`);
    for (const index of [0, 1, 2])
      expect(await page.getByTestId(`statement-spotcheck-${index}`).textContent()).toContain(`3 indicator(s) on ${INSTANCES.join(', ')}`);
    await page.screenshot({ path: `${ARTIFACTS}/spot-check-consistent.png`, fullPage: true });

    const text = readFileSync(lab.projectPath, 'utf8');
    const saved = JSON.parse(text) as { attestations: { requirement: string; instance: string; spotCheck?: Record<string, unknown> }[] };
    expect(saved.attestations.map((entry) => [entry.requirement, entry.instance])).toEqual(INSTANCES.map((name) => ['req3', name]));
    for (const entry of saved.attestations)
      expect(entry.spotCheck).toEqual({
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        indicators: 3,
        instances: INSTANCES,
        consistent: true,
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
    // No secret and no indicator in the project file.
    expect(text).not.toContain(DEFAULT_WEB_USER.password);
    expect(text).not.toContain(DEMO_INDICATORS.ip);

    // Keyboard and screen reader: labelled fields, no serious axe violation in the panel, no sideways scroll at 1280x800.
    expect(await noSidewaysScroll()).toBe(true);
    expect(await seriousViolations(page, '[data-testid="spotcheck-panel"]')).toEqual([]);
    expect(problems).toEqual([]);
  }, 240_000);

  it('an instance whose FalsePositive list holds an indicator is named where it differs, and the result cannot be attached', async () => {
    // The lab data file of ct-linux-2 (re-read on every request, as a list edited through the real REST API applies at once).
    const host = lab.hosts.find((entry) => entry.instance.name === 'ct-linux-2');
    if (host === undefined) throw new Error('ct-linux-2 is not in lab.json');
    const dataFile = join(dirname(hostPathToLocal(host.instance, hostTreeLayout(host.instance).webCert)), 'lab_rest.json');
    await writeFile(dataFile, JSON.stringify({ suppliers: { FalsePositive: [{ indicator: DEMO_INDICATORS.url }] } }));
    // From the keyboard this time: the button takes the focus and Enter runs it.
    await page.getByTestId('spotcheck-run').focus();
    await page.keyboard.press('Enter');
    const prompts = await answerUntil(
      async () => (await page.locator('[data-testid="spotcheck-outcome"][data-outcome="inconsistent"]').count()) > 0,
    );
    expect(prompts).toEqual(['certificates', 'password']);
    expect(await outcome()).toBe('inconsistent');
    expect(await page.getByTestId('spotcheck-differs-0').textContent()).toBe('nothing (same as the others)');
    expect(await page.getByTestId('spotcheck-differs-1').textContent()).toBe(DEMO_INDICATORS.url);
    expect(await page.getByTestId('spotcheck-indicator-0').getAttribute('data-consistent')).toBe('false');
    expect(await page.getByTestId('spotcheck-indicator-0').textContent()).toContain('not detected: ct-linux-2');
    expect(await page.getByTestId('spotcheck-attach').isDisabled()).toBe(true);
    expect(await page.getByTestId('spotcheck-attach-note').textContent()).toMatch(
      /^It cannot be attached: the instances answered 1 indicator\(s\) differently/,
    );
    await page.screenshot({ path: `${ARTIFACTS}/spot-check-differs.png`, fullPage: true });
    expect(await noSidewaysScroll()).toBe(true);
    // At 200% zoom (a 640x400 CSS viewport) the tables wrap instead of scrolling sideways.
    await page.setViewportSize({ width: 640, height: 400 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousViolations(page, '[data-testid="spotcheck-panel"]')).toEqual([]);
  }, 120_000);

  it('a wrong REST password: every instance FAILED with the 401 reason, incomplete, and nothing to attach', async () => {
    await page.getByTestId('spotcheck-run').click();
    const wrong = 'not the lab password';
    const incomplete = async () => (await page.locator('[data-testid="spotcheck-outcome"][data-outcome="incomplete"]').count()) > 0;
    expect(await answerUntil(incomplete, 60_000, wrong)).toEqual(['certificates', 'password']);
    for (const index of [0, 1, 2]) {
      const row = page.getByTestId(`spotcheck-instance-${index}`);
      expect(await row.getAttribute('data-state')).toBe('failed');
      expect(await row.textContent()).toContain('unauthorized: 401 Unauthorized from https://');
      expect(await page.getByTestId(`spotcheck-differs-${index}`).textContent()).toBe('not compared');
    }
    expect(await page.getByTestId('spotcheck-attach').isDisabled()).toBe(true);
    expect(await page.getByTestId('spotcheck-attach-note').textContent()).toBe(
      `It cannot be attached: ${INSTANCES.join(', ')} could not be checked, so the instances were not all compared.`,
    );
    expect(await page.content()).not.toContain(wrong);
  }, 120_000);
});
