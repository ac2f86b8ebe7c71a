import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPathFromArgv } from '../../electron/argv.js';
import { hardenedWebPreferences } from '../../electron/web-preferences.js';

describe('projectPathFromArgv', () => {
  const main = '/app/dist/electron/main.cjs';

  it('takes the first non-switch argument after the main script, made absolute', () => {
    const argv = ['/bin/electron', main, '--enable-logging', 'lab/demo.ctha.json'];
    expect(projectPathFromArgv(argv, main, '/home/me')).toBe(resolve('/home/me', 'lab/demo.ctha.json'));
  });

  it('ignores switches placed before the main script (as Playwright does)', () => {
    const argv = ['/bin/electron', '--inspect=0', '--remote-debugging-port=0', main];
    expect(projectPathFromArgv(argv, main, '/')).toBeUndefined();
  });

  it('has no main script to skip when packaged', () => {
    expect(projectPathFromArgv(['/opt/ctha/ctha', '--flag', '/tmp/p.json'], undefined, '/')).toBe(resolve('/tmp/p.json'));
  });

  it('opens nothing when its own script is not on the command line', () => {
    expect(projectPathFromArgv(['/bin/electron', 'other.js', 'p.json'], main, '/')).toBeUndefined();
  });
});

describe('hardenedWebPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(hardenedWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
