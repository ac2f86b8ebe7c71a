import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-url.js';
import { hardenedWebPreferences } from './web-preferences.js';

/** Creates the wizard window (DevTools only when not `release`); the caller attaches it to the IPC registrar before calling loadApp(). */
export function createMainWindow(preloadPath: string, title: string, release: boolean): BrowserWindow {
  const win = new BrowserWindow({
    title,
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath, release),
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Loads the renderer from app://ctha/ (never file://). */
export function loadApp(win: BrowserWindow): Promise<void> {
  return win.loadURL(APP_ENTRY_URL);
}
