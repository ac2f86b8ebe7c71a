import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

let bundled: Promise<string> | undefined;

/**
 * Bundles lab/simulator/main.ts (dependencies included) into a temp folder, once per test process,
 * and returns the path of kl_feed_service.js, so the tests run the program as a process without
 * depending on how build/build.mjs is wired.
 */
export function bundleSimulator(): Promise<string> {
  bundled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ctha-simbin-'));
    // The bundle is ESM; outside the repo nothing else says so.
    await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
    const outfile = join(dir, 'kl_feed_service.js');
    await build({
      entryPoints: [fileURLToPath(new URL('../../../lab/simulator/main.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}
