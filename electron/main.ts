// Electron main process entry: each concern has a setupX(); onReady() is the list of them.
import { app, ipcMain, safeStorage } from 'electron';
import { fileURLToPath } from 'node:url';
import { PRODUCT_NAME } from '../engine/app/version.js';
import { createEngine } from '../engine/api/create-engine.js';
import { projectPathFromArgv } from './argv.js';
import { setupIpc } from './ipc.js';
import { setupMenu } from './menu.js';
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
  const engine = createEngine({
    frontEnd: 'electron',
    // The product's signing identity lives in the OS secret store, never in a plain file (docs/REPORT.md).
    productIdentityStore: () => safeStorageIdentityStore(safeStorage, app.getPath('userData')),
    ...(initialProjectPath === undefined ? {} : { initialProjectPath }),
  });
  const ipc = setupIpc(ipcMain, engine.handlers, engine.events);
  const win = createMainWindow(preloadPath, PRODUCT_NAME, release);
  // Attached before the page loads, so its first call is already trusted.
  ipc.attach(win.webContents);
  await loadApp(win);
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
