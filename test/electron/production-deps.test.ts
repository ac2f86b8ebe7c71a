// The installed production dependency tree (what electron-builder packs and `npm ci --omit=dev` installs):
// every package in it that runs an install script must be named in package.json's allowScripts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Where Node would find `name` from `fromDir`: the nearest node_modules/<name> walking up to the project root. */
function installedDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; dir.startsWith(root); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/** Every installed package reachable from package.json "dependencies" (optional and peer ones when present). */
function productionTree(): Map<string, Manifest> {
  const seen = new Map<string, Manifest>();
  const queue: [string, string, boolean][] = Object.keys(readManifest(root).dependencies ?? {}).map((name) => [name, root, true]);
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    const [name, from, required] = queue[i]!;
    const dir = installedDir(name, from);
    if (dir === undefined) {
      if (required) throw new Error(`${name} (needed by ${from}) is not installed`);
      continue;
    }
    if (seen.has(dir)) continue;
    const manifest = readManifest(dir);
    seen.set(dir, manifest);
    for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push([dep, dir, true]);
    for (const dep of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) queue.push([dep, dir, false]);
  }
  return seen;
}

/** npm runs preinstall/install/postinstall, and `node-gyp rebuild` for a binding.gyp without an install script. */
function runsInstallScript(dir: string, manifest: Manifest): boolean {
  const scripts = manifest.scripts ?? {};
  return ['preinstall', 'install', 'postinstall'].some((name) => name in scripts) || existsSync(join(dir, 'binding.gyp'));
}

describe('production dependency tree', () => {
  const tree = productionTree();
  const withScripts = [...tree].filter(([dir, manifest]) => runsInstallScript(dir, manifest)).map(([, manifest]) => manifest.name);

  it('is the tree of package.json dependencies, and holds no dev tool', () => {
    const names = new Set([...tree.values()].map((manifest) => manifest.name));
    for (const name of Object.keys(readManifest(root).dependencies ?? {})) expect(names.has(name), name).toBe(true);
    for (const devTool of ['electron', 'electron-builder', 'vite', 'vitest', 'esbuild', 'typescript'])
      expect(names.has(devTool), devTool).toBe(false);
  });

  it('has install scripts only in packages named in allowScripts', () => {
    const allowScripts = readManifest(root).allowScripts ?? {};
    // ssh2 has one today: proof that the walk sees install scripts at all.
    expect(withScripts).toContain('ssh2');
    expect(withScripts.filter((name) => !(name in allowScripts))).toEqual([]);
  });

  it("agrees with npm's own record of the installed tree", () => {
    const lock = JSON.parse(readFileSync(join(root, 'node_modules', '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    };
    const npmSays = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.dev !== true && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(npmSays.sort()).toEqual([...new Set(withScripts)].sort());
  });
});
