// The electron-builder configuration: valid by electron-builder's own schema, and packing only what the app needs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../engine/app/version.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
type Config = Record<string, unknown> & {
  files: string[];
  linux: { target: string[]; executableName: string; icon: string };
  win: { target: string[]; icon: string; extraFiles: { from: string; to: string }[] };
  deb: { fpm: string[] };
  extraResources: { from: string; to: string }[];
  fileAssociations: { ext: string; mimeType: string }[];
};
const picomatch = require('picomatch') as (pattern: string, options: { dot: boolean }) => (path: string) => boolean;
const loadConfig = (): Config => structuredClone(require(join(root, 'electron-builder.config.cjs')) as Config);
const validate = (
  require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, debug: { isEnabled: boolean }): Promise<void>;
  }
).validateConfiguration;

/** electron-builder's `files` semantics: a path is packed when the last pattern that matches it is positive. */
function packed(patterns: readonly string[], path: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (picomatch(negated ? pattern.slice(1) : pattern, { dot: true })(path)) included = !negated;
  }
  return included;
}

describe('electron-builder.config.cjs', () => {
  it("passes electron-builder's own schema, and the schema does reject a wrong key", async () => {
    await expect(validate(loadConfig(), { isEnabled: false })).resolves.toBeUndefined();
    await expect(validate({ ...loadConfig(), asarr: true }, { isEnabled: false })).rejects.toThrow(/asarr/);
  });

  it('names the product as the app does and builds AppImage, deb, NSIS and portable with asar', () => {
    const config = loadConfig();
    expect(config).toMatchObject({ productName: PRODUCT_NAME, asar: true, appId: expect.stringMatching(/^[a-z]+(\.[a-z0-9-]+)+$/) });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis', 'portable']);
    expect(config).toMatchObject({ afterPack: './build/after-pack.mjs', extraMetadata: { main: 'dist/electron/main.cjs' }, publish: null });
  });

  it('packs the built main, preload and renderer, and no sources, tests, lab, maps or launcher', () => {
    const { files } = loadConfig();
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    const packedSources = tracked.filter((path) => path !== 'package.json' && packed(files, path));
    expect(packedSources).toEqual([]);
    for (const path of [
      'package.json',
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-x.js',
    ]) {
      expect(packed(files, path), path).toBe(true);
    }
    for (const path of [
      'dist/electron/main.cjs.map',
      'dist/electron/start.js',
      'dist/lab/labd.js',
      'dist/cli/ctha.js',
      'dist/renderer/assets/index-x.js.map',
      'node_modules/vitest/package.json',
    ]) {
      expect(packed(files, path), path).toBe(false);
    }
  });

  it('ships the CLI bundle and reaches it from the deb (/usr/bin/ctha) and from the Windows install folder', () => {
    const config = loadConfig();
    expect(config.extraResources).toContainEqual(expect.objectContaining({ from: 'dist/ctha-cli', to: 'ctha' }));
    const mapping = config.deb.fpm.find((arg) => arg.endsWith('=/usr/bin/ctha')) ?? '';
    const launcher = readFileSync(mapping.replace(/=\/usr\/bin\/ctha$/, ''), 'utf8');
    // The deb installs under /opt/<productName>; the launcher must point inside it, at the staged bundle.
    expect(launcher).toContain(`/opt/${PRODUCT_NAME}/resources/ctha/dist/cli/ctha.js`);
    expect(config.win.extraFiles).toContainEqual({ from: 'assets/windows/ctha.cmd', to: 'ctha.cmd' });
    expect(readFileSync(join(root, 'assets/windows/ctha.cmd'), 'utf8')).toContain('resources\\ctha\\dist\\cli\\ctha.js');
  });

  it('gives fpm the deb contents: /usr/bin/ctha beside /opt/<product>, icons, the *.ctha.json MIME type, a desktop entry', async () => {
    // electron-builder's own hook shows the computed fpm arguments and stops before fpm (which it would download).
    const scratch = mkdtempSync(join(tmpdir(), 'ctha-deb-'));
    try {
      const unpacked = join(scratch, 'linux-unpacked');
      mkdirSync(join(unpacked, 'resources'), { recursive: true });
      const builder = require('electron-builder') as {
        build(options: Record<string, unknown>): Promise<unknown>;
        Platform: { LINUX: { createTarget(types: string[]): unknown } };
      };
      const config = loadConfig();
      let fpm: { args: string[]; mime: string; desktop: string } | undefined;
      await builder.build({
        projectDir: root,
        prepackaged: unpacked,
        targets: builder.Platform.LINUX.createTarget(['deb']),
        config: { ...config, directories: { ...(config.directories as object), output: join(scratch, 'out') } },
        effectiveOptionComputed: async ([args, desktopFile]: [string[], string]) => {
          const mimeFile = args.find((arg) => arg.endsWith('=/usr/share/mime/packages/ctha-wizard.xml'))?.split('=')[0] ?? '';
          fpm = { args, mime: readFileSync(mimeFile, 'utf8'), desktop: readFileSync(desktopFile, 'utf8') };
          return true;
        },
      });
      const inputs = fpm?.args.filter((arg) => arg.includes('=/')) ?? [];
      expect(inputs).toContain(`${join(root, 'assets', 'linux', 'ctha')}=/usr/bin/ctha`);
      expect(inputs).toContain(`${unpacked}/=/opt/${PRODUCT_NAME}`);
      expect(inputs).toContain(`${join(root, 'assets', 'icons', '256x256.png')}=/usr/share/icons/hicolor/256x256/apps/ctha-wizard.png`);
      expect(fpm?.mime).toContain('<mime-type type="application/x-ctha-project+json">');
      expect(fpm?.mime).toContain('<glob pattern="*.ctha.json"/>');
      expect(fpm?.desktop).toContain(`Exec="/opt/${PRODUCT_NAME}/ctha-wizard" %U`);
      expect(fpm?.desktop).toContain('MimeType=application/x-ctha-project+json;');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('associates *.ctha.json and uses the generated icons', () => {
    const config = loadConfig();
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'ctha.json', mimeType: 'application/x-ctha-project+json' })]);
    expect(config.linux.icon).toBe('assets/icons');
    expect(config.win.icon).toBe('assets/icon.ico');
  });

  it('has npm scripts for dist and icons', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts).toMatchObject({ dist: 'node build/dist.mjs', icons: 'node build/icons.mjs' });
  });
});
