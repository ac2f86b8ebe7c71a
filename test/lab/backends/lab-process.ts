import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';

/** Runs the built `ctha` as a user would; bounded. */
export function ctha(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['dist/cli/ctha.js', ...args], { encoding: 'utf8', timeout: 180_000 });
}

/** Reads a running lab's lab.json. */
export function labFile(dir: string): LabFile {
  return JSON.parse(readFileSync(`${dir}/lab.json`, 'utf8')) as LabFile;
}

/** Every process whose command line mentions the lab folder: after `lab down` there must be none. */
export function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('ps -eo'))
    .map((line) => line.trim());
}

/** Listening TCP sockets on the given addresses (from `ss`), e.g. `127.0.10.11:2222`. */
export function listenersOn(addresses: readonly string[]): string[] {
  const out = execFileSync('ss', ['-Hltn'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[3] ?? '')
    .filter((local) => addresses.some((address) => local.startsWith(`${address}:`)));
}

/** Mounts on the machine that mention a path (the lab's mounts live only in its namespaces). */
export function mountsMentioning(text: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.includes(text));
}
