import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium, which the tests drive; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
/** Why browser tests cannot run here, or undefined when they can. */
export const browserSkipReason = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install chromium, or run bash .ci/run)`;

/** A `ctha ui` process started as a user would start it, with the URL it printed. */
export interface UiProcess {
  readonly url: string;
  readonly stdout: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/cli/ctha.js ui ...` (or another serving command) and waits (bounded) for its URL line;
 * `env` adds to the environment (HOME, to give the engine a home folder of the test's own).
 */
export async function startUi(
  args: readonly string[] = [],
  command = 'ui',
  timeoutMs = 15_000,
  env: Readonly<Record<string, string>> = {},
): Promise<UiProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['dist/cli/ctha.js', command, ...args], {
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ctha ${command} printed no URL in time: ${stdout}${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^URL: (\S+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`ctha ${command} exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stdout: () => stdout,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Launches headless Chromium with the flags this offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
    timeout: 30_000,
  });
}
