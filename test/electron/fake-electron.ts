// A stand-in for the `electron` module that records every call, so main and preload run in plain Node.
// Each piece names only members that exist on Electron's own types (checked by `Members` below), so a
// renamed Electron API breaks the type check here instead of leaving the tests asserting a fiction.
import type * as Electron from 'electron';

/** One recorded call: the member's dotted name, then its arguments. */
export type Call = readonly [name: string, ...args: unknown[]];

type Fn = (...args: unknown[]) => unknown;
/** Keys K must exist on T: a stand-in member that Electron does not have is a compile error. */
type Members<T, K extends keyof T> = Record<K, unknown>;

/** The few WebContents members main's security and IPC code touch, with its listeners kept for the test to fire. */
export class FakeWebContents {
  readonly listeners = new Map<string, Fn>();
  windowOpenHandler: Fn | undefined;
  readonly sent: unknown[][] = [];
  destroyed = false;
  constructor(
    readonly id: number,
    public url = 'app://ctha/index.html',
  ) {}
  on(event: string, listener: Fn): this {
    this.listeners.set(event, listener);
    return this;
  }
  once(event: string, listener: Fn): this {
    return this.on(event, listener);
  }
  setWindowOpenHandler(handler: Fn): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** A session whose permission handlers are kept so the test can ask them. */
export class FakeSession {
  requestHandler: Fn | undefined;
  checkHandler: Fn | undefined;
  setPermissionRequestHandler(handler: Fn): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: Fn): void {
    this.checkHandler = handler;
  }
}

/** How the stand-in behaves: packaged (release) or not, and which safeStorage backend Linux reports. */
export interface FakeElectronOptions {
  readonly isPackaged: boolean;
  readonly storageBackend?: ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>;
  readonly encryptionAvailable?: boolean;
}

/** The recording stand-in: `module` is what `import ... from 'electron'` receives. */
export interface FakeElectron {
  readonly module: Record<string, unknown>;
  readonly calls: Call[];
  readonly windows: { options: Electron.BrowserWindowConstructorOptions; webContents: FakeWebContents }[];
  readonly appHandlers: Map<string, Fn>;
  readonly ipcHandlers: Map<string, Fn>;
  readonly rendererListeners: Map<string, Fn[]>;
  readonly defaultSession: FakeSession;
  protocolHandler(scheme: string): Fn | undefined;
  /** Resolves when main has loaded its first window, rejects if main called app.exit(). */
  readonly loaded: Promise<string>;
}

/** Builds a fresh stand-in; nothing is shared between two of them. */
export function createFakeElectron(options: FakeElectronOptions): FakeElectron {
  const calls: Call[] = [];
  const record = (name: string, ...args: unknown[]): void => void calls.push([name, ...args]);
  const appHandlers = new Map<string, Fn>();
  const ipcHandlers = new Map<string, Fn>();
  const protocolHandlers = new Map<string, Fn>();
  const rendererListeners = new Map<string, Fn[]>();
  const windows: FakeElectron['windows'] = [];
  const defaultSession = new FakeSession();
  let resolveLoaded: (url: string) => void = () => undefined;
  let rejectLoaded: (error: Error) => void = () => undefined;
  const loaded = new Promise<string>((resolve, reject) => {
    resolveLoaded = resolve;
    rejectLoaded = reject;
  });

  class BrowserWindow {
    readonly webContents: FakeWebContents;
    constructor(windowOptions: Electron.BrowserWindowConstructorOptions) {
      record('BrowserWindow', windowOptions);
      this.webContents = new FakeWebContents(windows.length + 1);
      windows.push({ options: windowOptions, webContents: this.webContents });
    }
    once(event: string): void {
      record('BrowserWindow.once', event);
    }
    show(): void {
      record('BrowserWindow.show');
    }
    async loadURL(url: string): Promise<void> {
      record('BrowserWindow.loadURL', url);
      resolveLoaded(url);
    }
  }

  const app = {
    isPackaged: options.isPackaged,
    enableSandbox: () => record('app.enableSandbox'),
    on: (event: string, listener: Fn) => {
      record('app.on', event);
      appHandlers.set(event, listener);
    },
    whenReady: async () => record('app.whenReady'),
    quit: () => record('app.quit'),
    exit: (code: number) => {
      record('app.exit', code);
      rejectLoaded(new Error(`main exited with ${code}`));
    },
    getPath: (name: string) => `/fake-user-data/${name}`,
  } satisfies Members<Electron.App, 'isPackaged' | 'enableSandbox' | 'on' | 'whenReady' | 'quit' | 'exit' | 'getPath'>;

  const protocol = {
    registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
    handle: (scheme: string, handler: Fn) => {
      record('protocol.handle', scheme);
      protocolHandlers.set(scheme, handler);
    },
  } satisfies Members<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

  const ipcMain = {
    handle: (channel: string, handler: Fn) => {
      record('ipcMain.handle', channel);
      ipcHandlers.set(channel, handler);
    },
    removeHandler: (channel: string) => {
      record('ipcMain.removeHandler', channel);
      ipcHandlers.delete(channel);
    },
  } satisfies Members<Electron.IpcMain, 'handle' | 'removeHandler'>;

  const Menu = {
    buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => {
      record('Menu.buildFromTemplate', template);
      return { template };
    },
    setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
  } satisfies Members<typeof Electron.Menu, 'buildFromTemplate' | 'setApplicationMenu'>;

  const dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      record('dialog.showOpenDialog', ...args);
      return { canceled: true, filePaths: [] };
    },
    showSaveDialog: async (...args: unknown[]) => {
      record('dialog.showSaveDialog', ...args);
      return { canceled: true, filePath: '' };
    },
    showMessageBox: async (...args: unknown[]) => {
      record('dialog.showMessageBox', ...args);
      return { response: 0, checkboxChecked: false };
    },
  } satisfies Members<Electron.Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

  // Reversible, and visibly not the plaintext: enough to tell that the store sealed what it wrote.
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => options.encryptionAvailable ?? true,
    getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain: string) => {
      record('safeStorage.encryptStringAsync');
      return Buffer.from(`sealed:${Buffer.from(plain, 'utf8').toString('base64')}`, 'utf8');
    },
    decryptStringAsync: async (sealed: Buffer) => {
      record('safeStorage.decryptStringAsync');
      const text = sealed.toString('utf8');
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { shouldReEncrypt: false, result: Buffer.from(text.slice('sealed:'.length), 'base64').toString('utf8') };
    },
  } satisfies Members<
    Electron.SafeStorage,
    'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
  >;

  const session = { defaultSession } satisfies Members<typeof Electron.session, 'defaultSession'>;

  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => record('contextBridge.exposeInMainWorld', key, api),
  } satisfies Members<Electron.ContextBridge, 'exposeInMainWorld'>;

  const ipcRenderer = {
    invoke: async (...args: unknown[]) => {
      record('ipcRenderer.invoke', ...args);
      return { ok: true, value: { echoed: args } };
    },
    on: (channel: string, listener: Fn) => {
      record('ipcRenderer.on', channel);
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: Fn) => {
      record('ipcRenderer.removeListener', channel);
      rendererListeners.set(
        channel,
        (rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    },
  } satisfies Members<Electron.IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

  return {
    module: { app, BrowserWindow, protocol, ipcMain, Menu, dialog, safeStorage, session, contextBridge, ipcRenderer },
    calls,
    windows,
    appHandlers,
    ipcHandlers,
    rendererListeners,
    defaultSession,
    protocolHandler: (scheme) => protocolHandlers.get(scheme),
    loaded,
  };
}
