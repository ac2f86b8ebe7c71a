import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { serveAppFile } from './app-files.js';
import { APP_SCHEME } from './app-url.js';

/**
 * Declares app:// as a standard, secure scheme. Electron accepts this only before `ready`; standard
 * gives the page a real origin (so 'self' in the CSP and same-origin checks work), secure makes it a
 * secure context like https.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer folder on app://ctha/ for the default session, with the renderer CSP on every file. */
export function setupProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererRoot, request.url, (path) => readFile(path)));
}
