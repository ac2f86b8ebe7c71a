// Loads dist/electron/main.cjs in plain Node with a fake 'electron' module and prints what main did, as JSON.
// Bundled and run by main-bundle.test.ts; it proves the wiring of main where no Electron binary exists.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const mainPath = process.argv[2] ?? '';
const calls: unknown[] = [];
const hooks: Record<string, (...args: never[]) => unknown> = {};
const record = (name: string, ...args: unknown[]): void => void calls.push([name, ...args]);
const keep = (name: string) => (fn: (...args: never[]) => unknown) => {
  record(name);
  hooks[name] = fn;
};

class FakeBrowserWindow {
  readonly webContents = {
    id: 1,
    send: () => undefined,
    getURL: () => 'app://ctha/index.html',
    isDestroyed: () => false,
    once: () => undefined,
  };
  constructor(options: unknown) {
    record('BrowserWindow', options);
  }
  once(): void {}
  async loadURL(url: string): Promise<void> {
    record('loadURL', url);
  }
}

const fakeElectron = {
  app: {
    isPackaged: false,
    enableSandbox: () => record('app.enableSandbox'),
    on: (event: string, fn: (...args: never[]) => unknown) => keep(`app.on:${event}`)(fn),
    whenReady: async () => record('app.whenReady'),
    quit: () => undefined,
    exit: (code: number) => record('app.exit', code),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
    handle: (scheme: string, fn: (...args: never[]) => unknown) => keep(`protocol.handle:${scheme}`)(fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: keep('setPermissionRequestHandler'),
      setPermissionCheckHandler: keep('setPermissionCheckHandler'),
    },
  },
  ipcMain: {
    handle: (channel: string, fn: (...args: never[]) => unknown) => keep(`ipcMain.handle:${channel}`)(fn),
    removeHandler: () => undefined,
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
  },
  BrowserWindow: FakeBrowserWindow,
};

// Requiring the real 'electron' package would try to download the binary: seed the module cache instead.
const requireFromMain = createRequire(mainPath);
const electronPath = requireFromMain.resolve('electron');
requireFromMain.cache[electronPath] = {
  id: electronPath,
  filename: electronPath,
  loaded: true,
  exports: fakeElectron,
} as unknown as NodeJS.Module;
requireFromMain(mainPath);

type Fn = (...args: unknown[]) => unknown;
const hook = (name: string): Fn => {
  const fn = hooks[name];
  if (!fn) throw new Error(`main never registered ${name}`);
  return fn as unknown as Fn;
};

async function probe(): Promise<Record<string, unknown>> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const listeners = new Map<string, Fn>();
  let openHandler: Fn = () => undefined;
  const contents = { on: (event: string, fn: Fn) => listeners.set(event, fn), setWindowOpenHandler: (fn: Fn) => (openHandler = fn) };
  hook('app.on:web-contents-created')({}, contents);
  const navigate = (url: string): boolean => {
    let prevented = false;
    listeners.get('will-navigate')?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  let permission: unknown;
  hook('setPermissionRequestHandler')({}, 'media', (granted: boolean) => (permission = granted));
  const serve = async (url: string) => {
    const response = (await hook('protocol.handle:app')({ url })) as Response;
    return { status: response.status, csp: response.headers.get('content-security-policy') };
  };
  const ipc = hook('ipcMain.handle:ctha:invoke');
  const frame = { url: 'app://ctha/index.html' };
  return {
    calls,
    listeners: [...listeners.keys()].sort(),
    blocksForeignNavigation: navigate('https://example.com/'),
    allowsAppNavigation: !navigate('app://ctha/index.html#/step/2'),
    windowOpen: openHandler({ url: 'https://example.com/' }),
    permission,
    permissionCheck: hook('setPermissionCheckHandler')({}, 'media'),
    // Checked next to the request: other builds may be rewriting dist/renderer at the same time.
    hasRenderer: existsSync(join(dirname(mainPath), '..', 'renderer', 'index.html')),
    index: await serve('app://ctha/index.html'),
    traversal: await serve('app://ctha/..%2f..%2fpackage.json'),
    info: await ipc({ sender: { id: 1 }, senderFrame: frame }, 'app.info', {}),
    stranger: await Promise.resolve(ipc({ sender: { id: 2 }, senderFrame: frame }, 'app.info', {})).then(
      () => 'accepted',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    ),
  };
}

probe().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error: unknown) => {
    process.stderr.write(String(error instanceof Error ? error.stack : error));
    process.exitCode = 1;
  },
);
