// Electron main process entry: each concern has a setupX(); onReady() is the list of them.
import type { BrowserWindow } from 'electron';
import { app, dialog, ipcMain, safeStorage } from 'electron';
import { fileURLToPath } from 'node:url';
import { PRODUCT_NAME } from '../engine/app/version.js';
import { createEngine } from '../engine/api/create-engine.js';
import { projectPathFromArgv } from './argv.js';
import { setupIpc } from './ipc.js';
import { setupMenu } from './menu.js';
import { nativeChooser } from './native-dialogs.js';
import { safeStorageCredentialVault } from './credential-vault.js';
import { safeStorageIdentityStore } from './safe-storage.js';
import { registerAppScheme, setupProtocol } from './protocol.js';
import { setupSecurity } from './security.js';
import { createMainWindow, loadApp } from './window.js';

// Bundled to dist/electron/main.cjs: the preload sits beside it and the renderer in dist/renderer.
const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const rendererRoot = fileURLToPath(new URL('../renderer/', import.meta.url));
const mainScript = fileURLToPath(import.meta.url);

async function onReady(): Promise<void> {
  // A packaged app is a release build: no DevTools, no developer menu items.
  const release = app.isPackaged;
  setupSecurity();
  setupMenu(release);
  setupProtocol(rendererRoot);
  const initialProjectPath = projectPathFromArgv(process.argv, app.isPackaged ? undefined : mainScript, process.cwd());
  // The window exists only after the engine: the dialogs find it when they are asked for.
  let win: BrowserWindow | undefined;
  const engine = createEngine({
    frontEnd: 'electron',
    // The product's signing identity lives in the OS secret store, never in a plain file (docs/REPORT.md).
    productIdentityStore: () => safeStorageIdentityStore(safeStorage, app.getPath('userData')),
    // files.choose: the system's own open, save and folder dialogs, modal to the window.
    chooseFile: nativeChooser(dialog, () => win),
    // SSH passwords kept between sessions only when the engineer turns it on (credentials.remember), encrypted by the OS.
    credentialVault: safeStorageCredentialVault(safeStorage, () => app.getPath('userData')),
    ...(initialProjectPath === undefined ? {} : { initialProjectPath }),
  });
  const ipc = setupIpc(ipcMain, engine.handlers, engine.events);
  const window = createMainWindow(preloadPath, PRODUCT_NAME, release);
  win = window;
  // Attached before the page loads, so its first call is already trusted.
  ipc.attach(window.webContents);
  await loadApp(window);
}

// Every renderer sandboxed, even one created by a path we did not foresee.
app.enableSandbox();
// Must happen before `ready`.
registerAppScheme();
app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(onReady)
  .catch((error: unknown) => {
    process.stderr.write(`${PRODUCT_NAME}: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  });
