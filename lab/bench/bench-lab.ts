// Starting and stopping a benchmark lab with the built CLI (`node dist/cli/ctha.js lab up|down`), as a user would.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../engine/app/package-root.js';
import type { LabFile } from '../orchestrator/lab-file.js';
import { readLabFile } from '../orchestrator/lab-file.js';
import type { LabBackend } from '../spec.js';

/** Bound of `lab up` (trees, hosts, services and their PONG) and of `lab down`. */
export const LAB_UP_TIMEOUT_MS = 120_000;
export const LAB_DOWN_TIMEOUT_MS = 60_000;

/** What to start: N Linux instances on one backend, from a loopback address base. */
export interface BenchLabRequest {
  readonly linux: number;
  readonly backend: LabBackend;
  /** `127.x.y.z`: the Balancer takes it, instances the following addresses. */
  readonly addressBase: string;
  readonly readyDelayMs?: number;
  /** `slow` fault on every instance: each answer from the host this much late (emulates network latency). */
  readonly latencyMs?: number;
}

/** A running lab: its folder and its lab.json. */
export interface BenchLab {
  readonly dir: string;
  readonly file: LabFile;
}

/** Path of the built CLI; the benchmark and its test drive `ctha` as a user would. */
export function cthaPath(): string {
  return join(packageRoot(import.meta.url), 'dist', 'cli', 'ctha.js');
}

function run(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cthaPath(), ...args],
      { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === null ? `\n${error.message}` : ''}` });
      },
    );
  });
}

/**
 * `ctha lab up --out <fresh dir> --linux N --windows 0 --backend B --address-base A`. The folder's
 * parent is made 0755: OpenSSH hosts read the login user's keys as that user (o+x on every parent).
 */
export async function startBenchLab(request: BenchLabRequest): Promise<BenchLab> {
  const parent = mkdtempSync(join(tmpdir(), `ctha-bench-${request.backend}-`));
  chmodSync(parent, 0o755);
  const dir = join(parent, 'lab');
  const args = [
    'lab',
    'up',
    '--out',
    dir,
    '--linux',
    String(request.linux),
    '--windows',
    '0',
    '--backend',
    request.backend,
    '--address-base',
    request.addressBase,
    '--ready-delay-ms',
    String(request.readyDelayMs ?? 100),
  ];
  if (request.latencyMs !== undefined)
    for (let i = 1; i <= request.linux; i++) args.push('--fault', `ct-linux-${i}:slow:${request.latencyMs}`);
  const up = await run(args, LAB_UP_TIMEOUT_MS);
  const file = await readLabFile(dir).catch(() => undefined);
  if (up.code !== 0 || file?.status !== 'running') {
    stopBenchLab({ dir });
    throw new Error(`ctha ${args.join(' ')} failed (exit ${up.code ?? 'none: timed out or killed'}): ${up.output.trim().slice(-2000)}`);
  }
  return { dir, file };
}

/**
 * `ctha lab down DIR` (synchronous, bounded, so it also runs from a signal handler or a deadline),
 * then removes the temporary parent folder. Never throws: a cleanup must not hide the first error.
 */
export function stopBenchLab(lab: { readonly dir: string }): string | undefined {
  let problem: string | undefined;
  if (existsSync(join(lab.dir, 'lab.json'))) {
    const down = spawnSync(process.execPath, [cthaPath(), 'lab', 'down', lab.dir], {
      encoding: 'utf8',
      timeout: LAB_DOWN_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    if (down.status !== 0)
      problem = `ctha lab down ${lab.dir} failed (exit ${down.status ?? 'none'}): ${`${down.stdout}${down.stderr}`.trim().slice(-1000)}`;
  }
  // Only the empty temporary parent is ours to remove; a lab that did not go down keeps its files for inspection.
  if (problem === undefined) rmSync(join(lab.dir, '..'), { recursive: true, force: true });
  return problem;
}
