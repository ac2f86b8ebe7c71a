import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, exitCodeOf, launchStep, unavailableMessage } from '../../electron/launcher.js';
import { locateElectronBinary, platformExecutable } from '../../electron/locate-binary.js';

const pkg = join('/repo', 'node_modules', 'electron');
const probe = (over: Partial<Parameters<typeof locateElectronBinary>[1]> = {}) => ({
  platform: 'linux',
  overrideDistPath: undefined,
  pathTxt: undefined,
  exists: () => false,
  ...over,
});

describe('locateElectronBinary', () => {
  it('looks in the package dist folder under the name path.txt gives', () => {
    const located = locateElectronBinary(pkg, probe({ pathTxt: 'electron\n', exists: (p) => p === join(pkg, 'dist', 'electron') }));
    expect(located).toEqual({ found: true, path: join(pkg, 'dist', 'electron') });
  });

  it('falls back to the platform name when path.txt is missing', () => {
    expect(locateElectronBinary(pkg, probe({ platform: 'win32' })).path).toBe(join(pkg, 'dist', 'electron.exe'));
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron/index.js does', () => {
    const located = locateElectronBinary(pkg, probe({ overrideDistPath: '/opt/electron' }));
    expect(located).toEqual({ found: false, path: join('/opt/electron', 'electron') });
  });
});

describe('launchStep', () => {
  it('spawns a binary that is there', () => {
    expect(launchStep({ found: true, path: '/x/electron' })).toEqual({ kind: 'spawn', binary: '/x/electron' });
  });

  it('explains a missing binary in one paragraph that names browser mode', () => {
    const step = launchStep({ found: false, path: '/x/electron' });
    expect(step).toEqual({ kind: 'unavailable', message: unavailableMessage('/x/electron') });
    const message = unavailableMessage('/x/electron');
    expect(message).toContain('/x/electron');
    expect(message).toContain('`npx ctha ui`');
    expect(message).toContain('--cluster FILE');
    expect(message.trimEnd()).not.toContain('\n');
  });
});

describe('child process plumbing', () => {
  it('drops ELECTRON_RUN_AS_NODE and keeps the rest', () => {
    expect(childEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });

  it('forwards the exit code, or 128 + signal', () => {
    expect(exitCodeOf(0, undefined)).toBe(0);
    expect(exitCodeOf(3, undefined)).toBe(3);
    expect(exitCodeOf(null, 15)).toBe(143);
    expect(exitCodeOf(null, undefined)).toBe(1);
  });
});
