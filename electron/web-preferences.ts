import type { WebPreferences } from 'electron';

/**
 * The web preferences of every window: the renderer gets no Node and no Electron, only the preload's bridge.
 * A release build (`release`, i.e. app.isPackaged) also has no DevTools.
 */
export function hardenedWebPreferences(preloadPath: string, release = true): WebPreferences {
  return {
    preload: preloadPath,
    devTools: !release,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click opens links through a path Electronegativity flags (AUXCLICK_JS_CHECK); nothing here needs it.
    disableBlinkFeatures: 'Auxclick',
    // Chromium fetches spelling dictionaries from a Google CDN; the wizard has no free text worth it.
    spellcheck: false,
  };
}
