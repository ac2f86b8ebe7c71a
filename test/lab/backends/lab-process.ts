// What a lab leaves on the machine: processes, listeners and mounts, for the lab's own tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
