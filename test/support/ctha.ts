// The built `ctha` as a user runs it. The suite builds once before the tests (`npm test` runs
// `npm run build` first); a test never rebuilds dist/, it says what is missing instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the built command line lives, relative to the repository (tests run from its root). */
export const CTHA_JS = 'dist/cli/ctha.js';

/** What a finished `ctha` process printed and returned. */
export interface CthaResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails with one clear line when dist/ has not been built (instead of building it inside a test). */
export function requireBuiltCli(): void {
  for (const path of [CTHA_JS, 'dist/lab/labd.js']) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:node\` first (npm test builds before testing)`);
  }
}

/** Runs the built `ctha` with these arguments; bounded at 4 minutes. */
export function ctha(...args: string[]): CthaResult {
  return cthaWithEnv({}, ...args);
}

/** Runs the built `ctha` with extra environment variables. */
export function cthaWithEnv(env: Record<string, string>, ...args: string[]): CthaResult {
  return spawnSync(process.execPath, [CTHA_JS, ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, ...env } });
}
