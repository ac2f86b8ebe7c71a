// The browser suites' lab and page: `ctha lab up` in a temporary folder of the suite's own (as a user starts
// one, through the built CLI), its removal, and a page whose script errors are collected for the suite to assert.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';

const run = promisify(execFile);

/** A lab started by `ctha lab up` below `dir` (in `dir/lab`), with its lab.json. */
export interface E2eLab {
  /** The suite's temporary folder: the lab is in `lab` below it; the suite may put its own files beside it. */
  readonly dir: string;
  readonly file: LabFile;
  /** Stops the lab (`ctha lab down`) and removes the folder; never throws. */
  down(): Promise<void>;
}

/** Starts `ctha lab up --out <new folder>/lab` with `args` (`--linux 2 --address-base …`); bounded to 150 s. */
export async function labUp(prefix: string, args: readonly string[]): Promise<E2eLab> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const labDir = join(dir, 'lab');
  const down = async (): Promise<void> => {
    await run(process.execPath, ['dist/cli/ctha.js', 'lab', 'down', labDir], { timeout: 60_000 }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run(process.execPath, ['dist/cli/ctha.js', 'lab', 'up', '--out', labDir, ...args], { timeout: 150_000 });
    return { dir, file: JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as LabFile, down };
  } catch (error) {
    await down();
    throw error;
  }
}

/**
 * A new page of `browser` at `viewport` whose uncaught errors (and, with `consoleErrors`, console errors) are
 * pushed to `problems`: the suite asserts it empty.
 */
export async function pageWithProblems(
  browser: Browser,
  viewport: { readonly width: number; readonly height: number },
  problems: string[],
  consoleErrors = true,
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  if (consoleErrors)
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  page.on('pageerror', (error) => problems.push(error.message));
  return page;
}

/** Points XDG_CONFIG_HOME (where the product signing identity lives) at a suite's own folder; the function returned puts it back. */
export function useConfigHome(dir: string): () => void {
  const before = process.env['XDG_CONFIG_HOME'];
  process.env['XDG_CONFIG_HOME'] = dir;
  return () => {
    if (before === undefined) delete process.env['XDG_CONFIG_HOME'];
    else process.env['XDG_CONFIG_HOME'] = before;
  };
}

/** Closes what a browser suite opened, each part only if it was: the browser, the UI, the environment, the lab. */
export async function closeSuite(parts: {
  readonly browser?: Browser | undefined;
  readonly ui?: { stop(): Promise<void> } | undefined;
  readonly restoreEnv?: (() => void) | undefined;
  readonly lab?: E2eLab | undefined;
}): Promise<void> {
  await parts.browser?.close();
  await parts.ui?.stop();
  parts.restoreEnv?.();
  await parts.lab?.down();
}
