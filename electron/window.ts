import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-url.js';
import { hardenedWebPreferences } from './web-preferences.js';

/** Creates the wizard window; the caller attaches it to the IPC registrar before calling loadApp(). */
export function createMainWindow(preloadPath: string, title: string): BrowserWindow {
  const win = new BrowserWindow({
    title,
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Loads the renderer from app://ctha/ (never file://). */
export function loadApp(win: BrowserWindow): Promise<void> {
  return win.loadURL(APP_ENTRY_URL);
}
