import type { Located } from './locate-binary.js';

/** What `npm start` does once the binary has been looked for (and, if missing, downloaded once). */
export type LaunchStep = { readonly kind: 'spawn'; readonly binary: string } | { readonly kind: 'unavailable'; readonly message: string };

/** Runs the binary when it is there; otherwise explains, in one paragraph, and points to browser mode. */
export function launchStep(located: Located): LaunchStep {
  return located.found ? { kind: 'spawn', binary: located.path } : { kind: 'unavailable', message: unavailableMessage(located.path) };
}

/** The single paragraph printed when there is no desktop runtime: what happened, and the browser-mode command. */
export function unavailableMessage(expectedPath: string): string {
  return (
    `ctha: the desktop runtime (Electron) is unavailable: there is no binary at ${expectedPath} and downloading it ` +
    'failed (this machine may be offline, or the download may be blocked). The wizard also runs in your browser: ' +
    '`npx ctha ui` (add `--cluster FILE` to open a project); the `ctha` command line works as well. To get the ' +
    'desktop app, run `npm start` once on a machine that can reach github.com, or set ELECTRON_MIRROR to a mirror ' +
    'you can reach.\n'
  );
}

/** The environment for the Electron child; ELECTRON_RUN_AS_NODE would make it run main.cjs as plain Node. */
export function childEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const rest = { ...env };
  delete rest.ELECTRON_RUN_AS_NODE;
  return rest;
}

/** The launcher's exit code for the child's exit: its code, or 128 + signal number as shells report it. */
export function exitCodeOf(code: number | null, signalNumber: number | undefined): number {
  if (code !== null) return code;
  return signalNumber === undefined ? 1 : 128 + signalNumber;
}
