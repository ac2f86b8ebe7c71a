// @ts-check
// Bundles the Node-side entry points (CLI, lab programs, Electron main/preload/launcher) with esbuild.
// The renderer is built by Vite (vite.config.ts); `npm run build` runs both.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { 'cli/ctha': './cli/ctha.ts' },
    outdir: 'dist',
    format: 'esm',
    // One chunk per command (cli/main.ts imports each when it runs): a fast start for short commands.
    splitting: true,
    chunkNames: 'cli/chunks/[name]-[hash]',
    // `ctha --version` answers from this constant (cli/main.ts) without loading the engine.
    define: { __CTHA_VERSION__: JSON.stringify(version) },
    // npm dependencies stay in node_modules; only our own code is bundled.
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    // The lab's programs: the Feed Service simulator, the systemctl stand-in and the lab daemon.
    entryPoints: {
      'lab/kl_feed_service': './lab/simulator/main.ts',
      'lab/systemctl': './lab/openssh/systemctl-main.ts',
      'lab/labd': './lab/daemon/labd.ts',
      // `npm run bench:remote` (docs/BENCHMARKS.md).
      'lab/bench-remote': './lab/bench/bench-remote-main.ts',
      // `npm run bench:start` (docs/BENCHMARKS.md).
      'lab/bench-start': './lab/bench/start-bench.ts',
      // `npm run bench:report` (docs/REPORT.md).
      'lab/bench-report': './lab/bench/report-bench.ts',
      // `npm run chaos` (docs/CHAOS.md).
      'lab/chaos': './lab/chaos/chaos-main.ts',
    },
    outdir: 'dist',
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { 'electron/start': './electron/start.ts' },
    outdir: 'dist',
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { 'electron/main': './electron/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // npm packages (ssh2 with its optional native parts, zod, ...) load from node_modules at run time.
    packages: 'external',
    // import.meta.url has no CJS equivalent in esbuild; the main bundle gets one from __filename.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({
    ...common,
    // A sandboxed preload may only require('electron'): everything else is bundled in.
    entryPoints: { 'electron/preload': './electron/preload.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
  }),
]);
