// `npm start`: runs dist/electron/main.cjs in the Electron binary, or explains why it cannot and points to browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv, exitCodeOf, launchStep } from './launcher.js';
import { locateElectronBinary } from './locate-binary.js';

// Resolving package.json only finds the folder; requiring 'electron' itself would start a download.
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const mainScript = fileURLToPath(new URL('./main.cjs', import.meta.url));

function locate() {
  let pathTxt: string | undefined;
  try {
    pathTxt = readFileSync(join(electronDir, 'path.txt'), 'utf8');
  } catch {
    pathTxt = undefined;
  }
  const overrideDistPath = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  return locateElectronBinary(electronDir, { platform: process.platform, overrideDistPath, pathTxt, exists: existsSync });
}

function downloadThenLocate() {
  process.stdout.write('ctha: fetching the Electron runtime (first run only)...\n');
  // Output is captured: on failure the installer prints a stack trace, and our one paragraph says it better.
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
  return locate();
}

function run(binary: string): void {
  const child = spawn(binary, [mainScript, ...process.argv.slice(2)], { stdio: 'inherit', env: childEnv(process.env) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`ctha: could not start Electron at ${binary}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(exitCodeOf(code, signal === null ? undefined : constants.signals[signal])));
}

const first = locate();
const step = launchStep(first.found ? first : downloadThenLocate());
if (step.kind === 'spawn') {
  run(step.binary);
} else {
  process.stderr.write(step.message);
  process.exitCode = 1;
}
