import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** The pid recorded in a pid file, or undefined when there is none or it is not a number. */
export async function readPidFile(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
}

/**
 * Whether `pid` is a live simulator of this host. Signal 0 says a process exists; where /proc exists
 * it must also not be a zombie and its command line must name this host's bin folder, so that a pid
 * reused by an unrelated process after a crash does not read as "active".
 */
export function isServiceProcess(pid: number, binDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but runs as another user (root, through sudo systemctl); /proc decides.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return true;
  // Field 3 of /proc/<pid>/stat, after the parenthesised command name, is the state letter.
  if (/\)\s+Z/.test(stat)) return false;
  const cmdline = readProc(pid, 'cmdline');
  return cmdline === undefined || cmdline.split('\0').includes(binDir);
}

function readProc(pid: number, file: 'stat' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
