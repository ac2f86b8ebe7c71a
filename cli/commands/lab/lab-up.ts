import { spawn } from 'node:child_process';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../../engine/api/create-engine.js';
import { readLabFile } from '../../../lab/orchestrator/lab-file.js';
import type { LabOptions } from '../../../lab/orchestrator/lab-options.js';
import { LabOptionsSchema, parseFaultArgument } from '../../../lab/orchestrator/lab-options.js';
import type { LabTraining } from '../../../lab/orchestrator/run-lab.js';
import { labDirUnreachableReason, opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { err, out } from '../../output.js';
import { UsageError } from '../usage-error.js';
import { isAlive } from './pids.js';

const START_TIMEOUT_MS = 120_000;

/** `ctha lab up --out DIR ...`: starts a lab in the background and waits until every service answers PONG. */
export async function runLabUp(args: readonly string[]): Promise<number> {
  const { options, training } = parseUpOptions(args);
  if (options.backend === 'openssh' && options.linux > 0) {
    const reason = opensshUnavailableReason() ?? labDirUnreachableReason(options.dir);
    if (reason !== undefined) {
      err(`ctha lab up: ${reason}. The emulated backend (--backend emulated) needs neither.`);
      return 1;
    }
  }
  const existing = await readLabFile(options.dir).catch(() => undefined);
  if (existing && existing.status !== 'stopped' && isAlive(existing.daemonPid)) {
    err(`ctha lab up: a lab is already running in ${options.dir}; stop it with: ctha lab down ${options.dir}`);
    return 1;
  }
  await mkdir(options.dir, { recursive: true, mode: 0o755 });
  await rm(join(options.dir, 'lab.json'), { force: true });
  // The training settings ride beside the options: the daemon reads them with readLabTraining (run-lab.ts).
  await writeFile(join(options.dir, 'lab-request.json'), `${JSON.stringify({ ...options, ...training }, null, 2)}\n`);
  const log = await open(join(options.dir, 'labd.log'), 'w');
  const daemon = spawn(process.execPath, [join(packageRoot(), 'dist', 'lab', 'labd.js'), options.dir], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  daemon.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const file = await readLabFile(options.dir).catch(() => undefined);
    if (file?.status === 'running') {
      printSummary(file, training);
      return 0;
    }
    if (file?.status === 'failed' || (daemon.pid !== undefined && !isAlive(daemon.pid))) {
      err(`ctha lab up: the lab did not start: ${file?.error ?? `see ${join(options.dir, 'labd.log')}`}`);
      return 1;
    }
    await sleep(200);
  }
  err(
    `ctha lab up: not ready after ${START_TIMEOUT_MS / 1000} s; see ${join(options.dir, 'labd.log')}; clean up with ctha lab down ${options.dir}`,
  );
  return 1;
}

function parseUpOptions(args: readonly string[]): { options: LabOptions; training: LabTraining } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      linux: { type: 'string', default: '2' },
      windows: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'emulated' },
      version: { type: 'string', default: '4.4' },
      drift: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      'seed-dir': { type: 'string' },
      'address-base': { type: 'string', default: '127.0.10.10' },
      'ready-delay-ms': { type: 'string', default: '1000' },
      'windows-service-dir': { type: 'string' },
      'key-login': { type: 'boolean', default: false },
      'passwordless-sudo': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.out === undefined) throw new UsageError('lab up: --out DIR is required');
  const drift = (values.drift ?? ['none']).flatMap((value) => value.split(','));
  const parsed = LabOptionsSchema.safeParse({
    dir: resolve(values.out),
    linux: Number(values.linux),
    windows: Number(values.windows),
    backend: values.backend,
    version: values.version,
    drift: drift.length === 1 && (drift[0] === 'default' || drift[0] === 'none') ? drift[0] : drift,
    faults: (values.fault ?? []).map(parseFaultArgument),
    seedDir: values['seed-dir'] === undefined ? undefined : resolve(values['seed-dir']),
    addressBase: values['address-base'],
    readyDelayMs: Number(values['ready-delay-ms']),
    ...(values['windows-service-dir'] === undefined ? {} : { windowsServiceDir: values['windows-service-dir'] }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Name the flag as typed: addressBase -> --address-base.
    const flag = String(issue?.path[0] ?? '?').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    throw new UsageError(`lab up: --${flag}: ${issue?.message ?? 'invalid'}`);
  }
  const training: LabTraining = { keyLogin: values['key-login'], passwordlessSudo: values['passwordless-sudo'] };
  // Real sshd hosts keep sudo's password (their sudoers is fixed); only the emulated hosts can waive it.
  if (training.passwordlessSudo && parsed.data.backend === 'openssh' && parsed.data.linux > 0)
    throw new UsageError(
      'lab up: --passwordless-sudo works with the emulated backend only (OpenSSH hosts always ask sudo for the password)',
    );
  return { options: parsed.data, training };
}

function printSummary(file: NonNullable<Awaited<ReturnType<typeof readLabFile>>>, training: LabTraining): void {
  out(`Lab running in ${file.options.dir} (daemon pid ${file.daemonPid}).`);
  for (const host of file.hosts) {
    const { instance } = host;
    const drift = instance.drift.length > 0 ? ` drift: ${instance.drift.join(', ')}` : '';
    const faults = instance.faults.length > 0 ? ` faults: ${instance.faults.map((fault) => fault.kind).join(', ')}` : '';
    out(
      `  ${instance.name.padEnd(12)} ${instance.os.padEnd(7)} ${instance.backend.padEnd(8)} ssh ${instance.address}:${instance.sshPort}  CyberTrace ${instance.version} input ${instance.address}:${instance.inputPort}  ${host.hostKeyFingerprint}${drift}${faults}`,
    );
  }
  out(`Project:     ${file.projectPath}`);
  out(`known_hosts: ${file.knownHostsPath}`);
  out(
    `Login:       user ${file.credentials.user}, key ${file.credentials.privateKeyPath}; the lab-only password is in ${join(file.options.dir, 'lab.json')}`,
  );
  if (training.keyLogin) out('             the project logs in with this key: nothing to type');
  if (training.passwordlessSudo) out('             sudo needs no password on these simulated hosts (training lab only)');
  out(`Stop with:   ctha lab down ${file.options.dir}`);
}
