import { readdir, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readLabFile } from '../../../lab/orchestrator/lab-file.js';
import { err, out } from '../../output.js';
import { UsageError } from '../usage-error.js';
import { isAlive, readPidFile, waitForExit } from './pids.js';

// Everything `ctha lab up` writes into the lab folder; nothing else there is touched.
const LAB_ENTRIES = ['instances', 'balancer', 'keys', 'lab.json', 'lab-request.json', 'labd.log', 'cluster.ctha.json', 'known_hosts'];

/** `ctha lab down DIR`: stops the daemon (which stops hosts and services), sweeps leftovers, removes the lab's files. */
export async function runLabDown(args: readonly string[]): Promise<number> {
  const [dirArg] = args;
  if (dirArg === undefined || args.length > 1) throw new UsageError('lab down takes exactly one lab folder');
  const dir = resolve(dirArg);
  const file = await readLabFile(dir).catch(() => undefined);
  if (file === undefined) {
    err(`ctha lab down: no lab in ${dir} (no lab.json)`);
    return 1;
  }
  if (isAlive(file.daemonPid)) {
    process.kill(file.daemonPid, 'SIGTERM');
    if (!(await waitForExit(file.daemonPid, 30_000))) {
      process.kill(file.daemonPid, 'SIGKILL');
      await waitForExit(file.daemonPid, 5_000);
    }
  }
  // A daemon that crashed leaves its children: stop whatever the pid files still name.
  const leftovers = await sweepPidFiles(join(dir, 'instances'));
  for (const entry of LAB_ENTRIES) await rm(join(dir, entry), { recursive: true, force: true });
  if ((await readdir(dir).catch(() => ['?'])).length === 0) await rmdir(dir);
  out(`Lab ${dir} stopped${leftovers > 0 ? ` (${leftovers} leftover processes killed)` : ''}; its files are removed.`);
  return 0;
}

async function sweepPidFiles(instancesDir: string): Promise<number> {
  let killed = 0;
  for (const name of await readdir(instancesDir).catch(() => [] as string[])) {
    const stateDir = join(instancesDir, name, 'state');
    for (const entry of await readdir(stateDir).catch(() => [] as string[])) {
      if (!entry.endsWith('.pid')) continue;
      const pid = await readPidFile(join(stateDir, entry));
      if (pid === undefined || !isAlive(pid)) continue;
      process.kill(pid, 'SIGKILL');
      killed += 1;
      await waitForExit(pid, 5_000);
    }
  }
  return killed;
}
