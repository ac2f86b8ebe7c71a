import type { WebPreferences } from 'electron';

/** The web preferences of every window: the renderer gets no Node and no Electron, only the preload's bridge. */
export function hardenedWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Chromium fetches spelling dictionaries from a Google CDN; the wizard has no free text worth it.
    spellcheck: false,
  };
}
