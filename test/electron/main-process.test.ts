// Runs electron/main.ts itself (not the bundle) in Node against the recording stand-in, once as a release
// build (packaged) and once as a development run, and checks every hardening point of issue 15.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeStorageIdentityStore } from '../../electron/safe-storage.js';
import { rendererCsp } from '../../shared/security/csp.js';
import type { FakeElectron } from './fake-electron.js';
import { createFakeElectron, FakeSession, FakeWebContents } from './fake-electron.js';

/** Imports main.ts afresh against a new stand-in and waits for its first window to load. */
async function boot(isPackaged: boolean): Promise<FakeElectron> {
  vi.resetModules();
  const fake = createFakeElectron({ isPackaged });
  vi.doMock('electron', () => fake.module);
  const argv = process.argv;
  // Packaged, main reads a project path from argv[1..]; vitest's own arguments are not one.
  process.argv = isPackaged ? ['/opt/CyberTrace HA Wizard/cyberTrace-ha-wizard'] : argv;
  try {
    await import('../../electron/main.js');
    await fake.loaded;
  } finally {
    process.argv = argv;
    vi.doUnmock('electron');
  }
  return fake;
}

type Fn = (...args: unknown[]) => unknown;
const names = (fake: FakeElectron) => fake.calls.map(([name]) => name);
const roles = (items: readonly MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
const menuTemplate = (fake: FakeElectron) =>
  fake.calls.find(([name]) => name === 'Menu.buildFromTemplate')?.[1] as MenuItemConstructorOptions[];

let release: FakeElectron;
let development: FakeElectron;

beforeAll(async () => {
  release = await boot(true);
  development = await boot(false);
});

describe('electron/main.ts in a release build (stand-in electron module)', () => {
  it('sandboxes every renderer and registers app:// before ready', () => {
    expect(names(release)).toContain('app.enableSandbox');
    expect(names(release).indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(names(release).indexOf('app.whenReady'));
  });

  it('creates one window with hardened webPreferences and no DevTools, after the security rules', () => {
    expect(release.windows).toHaveLength(1);
    const prefs = release.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs?.preload).toMatch(/preload\.cjs$/);
    expect(names(release).indexOf('app.on')).toBeLessThan(names(release).indexOf('BrowserWindow'));
    expect(release.calls.find(([name]) => name === 'BrowserWindow.loadURL')?.[1]).toBe('app://ctha/index.html');
  });

  it('replaces the default menu with one that has no reload or developer tools', () => {
    const template = menuTemplate(release);
    expect(names(release)).toContain('Menu.setApplicationMenu');
    expect(roles(template)).toEqual(expect.arrayContaining(['editMenu', 'zoomIn']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles(template)).not.toContain(role);
  });

  it('puts the CSP on every app:// response, found, missing or refused', async () => {
    const handler = release.protocolHandler('app') as Fn;
    for (const url of [
      'app://ctha/index.html',
      'app://ctha/missing.js',
      'app://ctha/..%2f..%2fpackage.json',
      'app://elsewhere/index.html',
    ]) {
      const response = (await handler({ url })) as Response;
      expect(response.headers.get('content-security-policy'), url).toBe(rendererCsp());
    }
    expect(((await handler({ url: 'app://ctha/index.html' })) as Response).status).toBe(200);
    expect(((await handler({ url: 'app://elsewhere/index.html' })) as Response).status).toBe(403);
  });

  it('denies navigation away, redirects, webviews and window.open on every web contents', () => {
    const contents = new FakeWebContents(7);
    (release.appHandlers.get('web-contents-created') as Fn)({}, contents);
    const fire = (event: string, url?: string): boolean => {
      let prevented = false;
      (contents.listeners.get(event) as Fn)({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://ctha/index.html#/audit')).toBe(false);
    expect(fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'app://ctha/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies permission requests and checks, on the default session and on sessions created later', () => {
    const later = new FakeSession();
    (release.appHandlers.get('session-created') as Fn)(later);
    for (const target of [release.defaultSession, later]) {
      const answers: boolean[] = [];
      target.requestHandler?.({}, 'media', (granted: boolean) => answers.push(granted));
      target.requestHandler?.({}, 'notifications', (granted: boolean) => answers.push(granted));
      expect(answers).toEqual([false, false]);
      expect(target.checkHandler?.({}, 'clipboard-read')).toBe(false);
    }
  });

  it('refuses IPC from an unknown webContents or a frame not on app://ctha, and answers its own window', async () => {
    const invoke = release.ipcHandlers.get('ctha:invoke') as Fn;
    const own = release.windows[0]!.webContents.id;
    const call = (id: number, frame: { url: string } | null) =>
      Promise.resolve()
        .then(() => invoke({ sender: { id }, senderFrame: frame }, 'app.info', {}))
        .then(
          (value) => ({ accepted: value }),
          (error: unknown) => ({ refused: String(error) }),
        );
    expect(await call(own, { url: 'app://ctha/index.html' })).toMatchObject({ accepted: { ok: true, value: { frontEnd: 'electron' } } });
    expect(await call(own + 100, { url: 'app://ctha/index.html' })).toMatchObject({ refused: expect.stringContaining('unknown sender') });
    expect(await call(own, { url: 'https://evil.example/' })).toMatchObject({ refused: expect.stringContaining('unknown sender') });
    expect(await call(own, null)).toMatchObject({ refused: expect.stringContaining('unknown sender') });
  });

  it('validates every payload before an engine handler runs', async () => {
    const invoke = release.ipcHandlers.get('ctha:invoke') as Fn;
    const event = { sender: { id: release.windows[0]!.webContents.id }, senderFrame: { url: 'app://ctha/index.html' } };
    expect(await invoke(event, 'project.open', { path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await invoke(event, 'shell.exec', { command: 'id' })).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    expect(await invoke(event, 'app.info', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it("answers files.choose with the system's own dialog, modal to the window", async () => {
    const invoke = release.ipcHandlers.get('ctha:invoke') as Fn;
    const window = release.windows[0]!;
    const event = { sender: { id: window.webContents.id }, senderFrame: { url: 'app://ctha/index.html' } };
    // The stand-in's dialog is cancelled: supported, and no path.
    expect(await invoke(event, 'files.choose', { mode: 'folder', title: 'Report folder' })).toEqual({
      ok: true,
      value: { supported: true },
    });
    const shown = release.calls.filter(([name]) => name === 'dialog.showOpenDialog').at(-1);
    expect((shown?.[1] as { webContents: { id: number } }).webContents.id).toBe(window.webContents.id);
    expect(shown?.[2]).toMatchObject({ title: 'Report folder', properties: ['openDirectory', 'createDirectory'] });
  });
});

describe('electron/main.ts in a development run', () => {
  it('keeps DevTools and the developer menu items, which is what the release build removes', () => {
    expect(development.windows[0]!.options.webPreferences).toMatchObject({ devTools: true, contextIsolation: true, sandbox: true });
    expect(roles(menuTemplate(development))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});

describe('safeStorage identity store with the stand-in', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctha-safe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses Linux's basic_text backend and writes nothing", async () => {
    const fake = createFakeElectron({ isPackaged: true, storageBackend: 'basic_text' });
    const store = safeStorageIdentityStore(fake.module.safeStorage as never, dir, 'linux');
    await expect(store.loadOrCreate('Jane Engineer')).rejects.toThrow(/basic_text.*fixed, publicly known password/);
    expect(readdirSync(dir)).toEqual([]);
    expect(fake.calls.map(([name]) => name)).not.toContain('safeStorage.encryptStringAsync');
  });

  it('refuses when the OS secret store is unavailable, on any platform', async () => {
    const fake = createFakeElectron({ isPackaged: true, encryptionAvailable: false });
    const store = safeStorageIdentityStore(fake.module.safeStorage as never, dir, 'win32');
    await expect(store.loadOrCreate('Jane Engineer')).rejects.toThrow(/secret store is not available/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with a keyring backend, writes only the sealed form and reads it back', async () => {
    const fake = createFakeElectron({ isPackaged: true, storageBackend: 'gnome_libsecret' });
    const store = safeStorageIdentityStore(fake.module.safeStorage as never, dir, 'linux');
    expect(await store.loadOrCreate('Jane Engineer')).toMatchObject({ created: true });
    const written = readFileSync(store.location, 'utf8');
    expect(written.startsWith('sealed:')).toBe(true);
    expect(written).not.toContain('passphrase');
    expect(await store.loadOrCreate('Jane Engineer')).toMatchObject({ created: false });
  });
});
