import type { Session, WebContents } from 'electron';
import { app, session } from 'electron';
import { isAppUrl } from './app-url.js';

/** Refuses every permission (camera, notifications, clipboard, ...): the wizard needs none. */
function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/** Keeps one webContents on our origin: no navigation or redirect away, no new windows, no <webview>. */
function confine(contents: WebContents): void {
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Links with target=_blank and window.open would otherwise open an unhardened window.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Applies the navigation and permission rules to every webContents and session, including ones created
 * later. Call before the first window so that no page ever runs unconfined.
 */
export function setupSecurity(): void {
  app.on('web-contents-created', (_event, contents) => confine(contents));
  app.on('session-created', denyPermissions);
  denyPermissions(session.defaultSession);
}
