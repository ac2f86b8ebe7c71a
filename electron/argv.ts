import { resolve } from 'node:path';

/**
 * The project file named on the command line, as an absolute path, or undefined. Unpackaged, Electron's
 * argv holds the binary, Chromium switches (Playwright adds its own) and our main script in any order, so
 * only what follows the main script counts; packaged, everything after the binary does. Switches are skipped.
 */
export function projectPathFromArgv(argv: readonly string[], mainScript: string | undefined, cwd: string): string | undefined {
  const start = mainScript === undefined ? 1 : argv.findIndex((arg) => resolve(cwd, arg) === resolve(mainScript)) + 1;
  // Not finding our own script means an unexpected launch: better no project than a wrong one.
  if (start === 0) return undefined;
  const candidate = argv.slice(start).find((arg) => !arg.startsWith('-'));
  return candidate === undefined ? undefined : resolve(cwd, candidate);
}
