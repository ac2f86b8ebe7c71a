import type { CthaBridge } from '../../shared/contract/bridge.js';
import { createWsBridge } from './ws-bridge.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (electron/preload.ts); absent in browser mode. */
    readonly ctha?: CthaBridge;
  }
}

/** The transport to the engine: the Electron preload's bridge when present, the `ctha ui` WebSocket otherwise. */
export function selectBridge(win: Window): CthaBridge {
  return win.ctha ?? createWsBridge(win.location);
}
