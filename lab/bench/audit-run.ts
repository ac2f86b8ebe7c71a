// The benchmark's "full audit" series: the real `ctha audit` command, whole process, on a bench lab's
// project (issue 12 item 6). Host keys are pinned once beforehand (`ctha hostkeys import`, not timed).
import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchLab } from './bench-lab.js';
import { cthaPath } from './bench-lab.js';

// The login password reaches ctha through this variable, as an engineer's script would pass it.
const PASSWORD_ENV = 'CTHA_BENCH_PASSWORD';

/** One timed `ctha audit`: wall time, exit code and how many instances it could read. */
export interface AuditRun {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly instancesAudited: number;
  readonly instances: number;
}

function ctha(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cthaPath(), ...args],
      { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

/** A copy of the lab's project with every lab host key pinned from the lab's known_hosts; returns its path. */
export async function prepareAuditProject(lab: BenchLab, timeoutMs = 60_000): Promise<string> {
  const path = join(lab.dir, 'bench-audit.ctha.json');
  copyFileSync(lab.file.projectPath, path);
  const pinned = await ctha(['hostkeys', 'import', path, '--known-hosts', lab.file.knownHostsPath], process.env, timeoutMs);
  if (pinned.code !== 0)
    throw new Error(`ctha hostkeys import failed (exit ${String(pinned.code)}): ${(pinned.stderr || pinned.stdout).trim().slice(-1000)}`);
  return path;
}

/** Runs `ctha audit PROJECT --json --password-env VAR` once and times the whole process. */
export async function measureCthaAudit(lab: BenchLab, projectPath: string, timeoutMs = 120_000): Promise<AuditRun> {
  const env = { ...process.env, [PASSWORD_ENV]: lab.file.credentials.password };
  const start = performance.now();
  const result = await ctha(['audit', projectPath, '--json', '--password-env', PASSWORD_ENV], env, timeoutMs);
  const wallMs = performance.now() - start;
  // 0: consistent, 2: drift or unknown findings; anything else is a failed run, not a figure.
  if (result.code !== 0 && result.code !== 2)
    throw new Error(`ctha audit exited ${String(result.code)}: ${result.stderr.trim().slice(-1000)}`);
  const report = JSON.parse(result.stdout) as { instances?: { audited?: boolean }[]; report?: { instances?: { audited?: boolean }[] } };
  const instances = report.instances ?? report.report?.instances ?? [];
  const audited = instances.filter((entry) => entry.audited === true).length;
  // A run that could not read every instance (a key not pinned, a refused login) measures nothing useful.
  if (instances.length === 0 || audited < instances.length)
    throw new Error(`ctha audit read ${audited} of ${instances.length} instance(s): ${result.stderr.trim().slice(-1000)}`);
  return { wallMs, exitCode: result.code, instancesAudited: audited, instances: instances.length };
}
