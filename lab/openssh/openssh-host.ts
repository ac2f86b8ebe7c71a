import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostPathToLocal } from '../host-paths.js';
import type { LabInstance } from '../spec.js';
import { LAB_UID, accountFiles, floodShell, pamSshdFile, sudoersFile } from './account-files.js';
import type { FaultRelay } from './fault-relay.js';
import { SSHD_INTERNAL_PORT, needsRelay, startFaultRelay } from './fault-relay.js';
import { holdMountNamespace } from './mount-namespace.js';
import type { HeldMountNamespace } from './mount-namespace.js';
import { namespaceInitScript, opensshPaths, sshdConfig, systemctlStandIn } from './namespace-files.js';

/** What an OpenSSH lab host needs to start. */
export interface OpensshHostOptions {
  readonly instance: LabInstance;
  readonly credentials: { readonly user: string; readonly password: string; readonly publicKey: string };
  /** OpenSSH private host key text. */
  readonly hostKey: string;
  readonly nodePath: string;
  /** The built systemctl stand-in (dist/lab/systemctl.js). */
  readonly systemctlJs: string;
}

/** A running sshd in its own mount namespace. */
export interface OpensshHost {
  readonly pid: number;
  /** The kernel's name of the host's mount namespace. */
  readonly namespace: string;
  stop(): Promise<void>;
}

/** Prepares the host's files and starts Debian's sshd on the instance's address inside a private mount namespace. */
export async function startOpensshHost(options: OpensshHostOptions): Promise<OpensshHost> {
  const { instance, credentials } = options;
  const paths = opensshPaths(instance);
  // slow, silent, drop-mid-write: a relay owns the public port; sshd listens behind it.
  const relayed = needsRelay(instance.faults);
  await mkdir(paths.sbin, { recursive: true });
  await mkdir(`${paths.home}/.ssh`, { recursive: true });
  // The login user must be able to walk to its home, which lives under the state folder.
  for (const dir of [instance.stateDir, paths.etc]) await chmod(dir, 0o755);
  const flood = instance.faults.find((fault) => fault.kind === 'flood');
  const floodShellPath = `${paths.etc}/flood-shell`;
  if (flood) await writeFile(floodShellPath, floodShell(flood.floodBytes), { mode: 0o755 });
  const accounts = accountFiles(credentials.user, credentials.password, paths.home, flood ? floodShellPath : undefined);
  const instanceJson = `${instance.stateDir}/instance.json`;
  await Promise.all([
    writeFile(paths.hostKey, options.hostKey, { mode: 0o600 }),
    writeFile(paths.authorizedKeys, `${credentials.publicKey}\n`, { mode: 0o644 }),
    writeFile(`${paths.home}/.ssh/authorized_keys`, `${credentials.publicKey}\n`, { mode: 0o600 }),
    writeFile(paths.sshdConfig, sshdConfig(instance, paths, credentials.user, relayed ? SSHD_INTERNAL_PORT : instance.sshPort), {
      mode: 0o644,
    }),
    writeFile(`${paths.etc}/passwd`, accounts.passwd, { mode: 0o644 }),
    writeFile(`${paths.etc}/group`, accounts.group, { mode: 0o644 }),
    writeFile(`${paths.etc}/shadow`, accounts.shadow, { mode: 0o600 }),
    writeFile(`${paths.etc}/sudoers`, sudoersFile(credentials.user), { mode: 0o440 }),
    writeFile(`${paths.etc}/pam-sshd`, pamSshdFile(), { mode: 0o644 }),
    writeFile(`${paths.sbin}/systemctl`, systemctlStandIn(options.nodePath, options.systemctlJs, instanceJson), { mode: 0o755 }),
    writeFile(instanceJson, `${JSON.stringify(instance, null, 2)}\n`, { mode: 0o644 }),
    writeFile(paths.initScript, namespaceInitScript(instance, paths, hostPathToLocal(instance, instance.serviceDir)), { mode: 0o644 }),
  ]);
  for (const path of [paths.home, `${paths.home}/.ssh`, `${paths.home}/.ssh/authorized_keys`]) await chown(path, LAB_UID, LAB_UID);
  await chmod(paths.home, 0o700);
  await chmod(`${paths.home}/.ssh`, 0o700);

  const logPath = `${instance.stateDir}/sshd.log`;
  const log = await open(logPath, 'w');
  const child = spawn('/usr/bin/unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', paths.initScript], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${instance.name}: could not start unshare`);
  child.unref();
  const listening = await waitForListening(logPath, exited, 10_000);
  if (listening !== true) {
    const tail = (await readFile(logPath, 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${instance.name}: sshd did not start (${listening}): ${tail}`);
  }
  let namespace: HeldMountNamespace;
  try {
    namespace = holdMountNamespace(pid);
  } catch {
    throw new Error(`${instance.name}: sshd vanished right after starting`);
  }
  let relay: FaultRelay | undefined;
  try {
    if (relayed)
      relay = await startFaultRelay({
        address: instance.address,
        port: instance.sshPort,
        upstreamPort: SSHD_INTERNAL_PORT,
        faults: instance.faults,
      });
  } catch (error) {
    await stopNamespace(pid, namespace, exited);
    throw new Error(
      `${instance.name}: the fault relay could not listen on ${instance.address}:${instance.sshPort}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    pid,
    namespace: namespace.namespace,
    stop: async () => {
      await relay?.stop();
      await stopNamespace(pid, namespace, exited);
    },
  };
}

async function waitForListening(logPath: string, exited: Promise<number | null>, timeoutMs: number): Promise<true | string> {
  let done: string | undefined;
  void exited.then((code) => (done = `exited with ${code}`));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done !== undefined) return done;
    if ((await readFile(logPath, 'utf8').catch(() => '')).includes('Server listening on')) return true;
    await sleep(50);
  }
  return `not listening after ${timeoutMs} ms`;
}

/** Stops sshd and then every process left in its namespace, so that the namespace and its mounts disappear. */
async function stopNamespace(pid: number, namespace: HeldMountNamespace, exited: Promise<number | null>): Promise<void> {
  const signal = (target: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(target, sig);
    } catch {
      // Already gone.
    }
  };
  signal(-pid, 'SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  try {
    for (let round = 0; round < 20; round += 1) {
      const left = namespace.processes();
      if (left.length === 0) return;
      for (const stray of left) signal(stray, round < 10 ? 'SIGTERM' : 'SIGKILL');
      await sleep(200);
    }
    throw new Error(`processes still hold mount namespace ${namespace.namespace}: ${namespace.processes().join(', ')}`);
  } finally {
    namespace.release();
  }
}
