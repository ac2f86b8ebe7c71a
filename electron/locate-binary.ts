import { join } from 'node:path';

/** Where the Electron binary is expected, and whether it is there. */
export interface Located {
  readonly found: boolean;
  readonly path: string;
}

/** The filesystem facts the lookup needs, passed in so it can be tested with fakes. */
export interface BinaryProbe {
  readonly platform: string;
  readonly overrideDistPath: string | undefined;
  /** Contents of node_modules/electron/path.txt, written by its installer; undefined when absent. */
  readonly pathTxt: string | undefined;
  exists(path: string): boolean;
}

/** The executable's path inside Electron's dist folder, as electron/install.js names it per platform. */
export function platformExecutable(platform: string): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/**
 * Finds the binary the way node_modules/electron/index.js does, without its side effect: requiring
 * that module starts a download when the binary is missing, which on an offline machine hangs or throws.
 */
export function locateElectronBinary(electronPackageDir: string, probe: BinaryProbe): Located {
  const executable = probe.pathTxt?.trim() || platformExecutable(probe.platform);
  const dist = probe.overrideDistPath || join(electronPackageDir, 'dist');
  const path = join(dist, executable);
  return { found: probe.exists(path), path };
}
