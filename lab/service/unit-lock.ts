import { readFileSync, rmSync, writeFileSync } from 'node:fs';

// systemd runs one job at a time per unit. Without that, two concurrent starts (a daemon and a
// `systemctl` stand-in) would each spawn a simulator, and the loser would overwrite the pid file.
const POLL_MS = 50;

/** Runs `action` while holding the unit's lock file; waits for another holder at most `waitMs`. */
export async function withUnitLock<T>(lockFile: string, action: () => Promise<T>, waitMs = 15_000): Promise<T> {
  const end = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockFile);
    // A holder that died (killed mid-start) leaves its lock behind; a dead one cannot finish.
    if (holder !== undefined && !isAlive(holder)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= end) throw new Error(`another start or stop of this service is still running (pid ${holder ?? '?'})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await action();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
