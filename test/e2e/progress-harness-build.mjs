// @ts-check
// Builds and opens the progress harness page (progress-harness-page.tsx) in Chromium: the browser test and `npm run bench:progress` share it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles the harness page as one production script, the way the renderer's own build treats React (minified, no dev checks). */
export async function buildProgressHarness() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['test/e2e/progress-harness-page.tsx'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no harness script');
  const css = await readFile(`${ROOT}renderer/styles.css`, 'utf8');
  return { script, css };
}

/**
 * Opens the harness in a new page of `browser` (1280x800, the field laptop's screen); `beforeScript` runs
 * before the page's own script (the benchmark's long-task observer).
 * @param {import('playwright-core').Browser} browser
 * @param {{ script: string; css: string }} built
 * @param {string} [beforeScript]
 */
export async function openProgressHarness(browser, built, beforeScript) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(
    '<!doctype html><html lang="en"><head><title>Progress harness</title></head><body><div id="root"></div></body></html>',
  );
  await page.addStyleTag({ content: built.css });
  if (beforeScript !== undefined) await page.addScriptTag({ content: beforeScript });
  await page.addScriptTag({ content: built.script });
  return page;
}
