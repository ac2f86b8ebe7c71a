import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeProject } from '../../shared/project/parse.js';
import { startEmulatedHost } from '../emulated/emulated-host.js';
import { startOpensshHost } from '../openssh/openssh-host.js';
import { startBalancerProcess } from '../service/balancer-process.js';
import { createServiceController, waitForPong } from '../service/controller.js';
import type { LabInstance } from '../spec.js';
import { generateBalancerTree, installBalancerOnHost } from '../trees/balancer-tree.js';
import { generateHostTree } from '../trees/host-tree.js';
import { seedTree } from '../trees/seed-tree.js';
import { startAlertSink } from './alert-sink.js';
import type { LabFile, LabHostRecord } from './lab-file.js';
import { labFilePath, labRestRecord } from './lab-file.js';
import { newKeyPair, newLabPassword, sha256Fingerprint } from './lab-keys.js';
import type { LabOptions } from './lab-options.js';
import { knownHostsLines, labProject } from './lab-project.js';
import { planInstances } from './plan-instances.js';

/** The lab's login user on every host. */
export const LAB_USER = 'ctlab';

/** Where the lab finds its own built programs. */
export interface LabPrograms {
  readonly nodePath: string;
  /** dist/lab/kl_feed_service.js */
  readonly simulatorPath: string;
  /** dist/lab/systemctl.js */
  readonly systemctlPath: string;
}

/**
 * The training settings of a demo lab (`ctha lab up --key-login --passwordless-sudo`, used by `ctha demo`):
 * the project logs in with the lab's key, and the emulated Linux hosts let the lab user use sudo without a
 * password. Never the default: tests that check sudo's password handling use a lab without them.
 */
export interface LabTraining {
  readonly keyLogin: boolean;
  readonly passwordlessSudo: boolean;
}

/**
 * Reads the training settings from the lab's request file, where `ctha lab up` writes them beside the
 * options (the options schema does not carry them, so the daemon's parsed options have dropped them).
 */
export async function readLabTraining(dir: string): Promise<LabTraining> {
  const raw = await readFile(join(dir, 'lab-request.json'), 'utf8').catch(() => '{}');
  const request = JSON.parse(raw) as { keyLogin?: unknown; passwordlessSudo?: unknown };
  return { keyLogin: request.keyLogin === true, passwordlessSudo: request.passwordlessSudo === true };
}

/** A running lab; stop() undoes everything start did. */
export interface RunningLab {
  readonly file: LabFile;
  stop(): Promise<void>;
}

/**
 * Builds and starts a lab: host trees with their drift, keys, the Balancer's alert port, one SSH host
 * per instance (OpenSSH or emulated), the Balancer listening on its matching_port while its unit is
 * active, a running CyberTrace service on each (ready: it answers PONG),
 * then the project, known_hosts and lab.json. On any failure what was started is stopped again.
 */
export async function runLab(options: LabOptions, programs: LabPrograms, daemonPid: number): Promise<RunningLab> {
  const { instances, balancer } = planInstances(options);
  const undo: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
  };
  try {
    const training = await readLabTraining(options.dir);
    if (training.passwordlessSudo && options.backend === 'openssh' && options.linux > 0)
      throw new Error('passwordless sudo is an emulated-backend option; OpenSSH hosts always ask sudo for the password');
    const keysDir = join(options.dir, 'keys');
    await mkdir(keysDir, { recursive: true, mode: 0o700 });
    const userKey = newKeyPair();
    const credentials = {
      user: LAB_USER,
      password: newLabPassword(),
      privateKeyPath: join(keysDir, 'id_ed25519'),
      publicKey: userKey.publicKey,
    };
    await writeFile(credentials.privateKeyPath, userKey.privateKey, { mode: 0o600 });
    await writeFile(`${credentials.privateKeyPath}.pub`, `${userKey.publicKey}\n`);

    for (const instance of instances) {
      await mkdir(instance.stateDir, { recursive: true });
      await chmod(join(instance.stateDir, '..'), 0o755);
      await generateHostTree(instance, { balancer, simulatorPath: programs.simulatorPath, nodePath: programs.nodePath });
      if (options.seedDir !== undefined) await seedTree(instance, options.seedDir);
    }
    await generateBalancerTree(join(options.dir, 'balancer'), balancer, instances);
    const balancerHost = await installBalancerOnHost(balancer, instances);
    const alertsLogPath = join(options.dir, 'balancer', 'alerts.log');
    const sink = await startAlertSink(balancer.address, balancer.cybertracePort, alertsLogPath);
    undo.push(() => sink.close());

    const records: LabHostRecord[] = [];
    const knownHosts: { address: string; port: number; publicKey: string }[] = [];
    const services: { instance: LabInstance; service: ReturnType<typeof createServiceController> }[] = [];
    for (const instance of instances) {
      const hostKey = newKeyPair();
      // host-key-changed: known_hosts keeps the key the host had "last time"; the host presents a new one.
      const recorded = instance.faults.some((fault) => fault.kind === 'host-key-changed') ? newKeyPair() : hostKey;
      knownHosts.push({ address: instance.address, port: instance.sshPort, publicKey: recorded.publicKey });
      const service = createServiceController(instance, {
        simulatorPath: programs.simulatorPath,
        nodePath: programs.nodePath,
        readyDelayMs: options.readyDelayMs,
      });
      if (instance.backend === 'openssh') {
        const host = await startOpensshHost({
          instance,
          credentials,
          hostKey: hostKey.privateKey,
          nodePath: programs.nodePath,
          systemctlJs: programs.systemctlPath,
        });
        undo.push(() => host.stop());
      } else {
        const host = await startEmulatedHost({
          instance,
          credentials,
          hostKey: hostKey.privateKey,
          service,
          sudo: training.passwordlessSudo ? 'nopasswd' : 'password',
        });
        undo.push(() => host.stop());
      }
      undo.push(async () => void (await service.stop()));
      services.push({ instance, service });
      records.push({ instance, hostKeyFingerprint: sha256Fingerprint(hostKey.publicKey), hostPublicKey: hostKey.publicKey });
    }

    // The Balancer's unit is installed active: the lab process listens on its matching_port while it is.
    if (balancerHost !== undefined) {
      const follower = await startBalancerProcess(balancerHost, balancer);
      undo.push(() => follower.stop());
    }

    // CyberTrace is installed and running on a commissioned host; the lab starts it the way systemd would.
    await Promise.all(
      services.map(async ({ instance, service }) => {
        const started = await service.start();
        if (!started.ok) throw new Error(`${instance.name}: the CyberTrace service did not start: ${started.message}`);
        if (!(await waitForPong(instance.address, instance.inputPort, options.readyDelayMs + 10_000))) {
          throw new Error(`${instance.name}: the CyberTrace service never answered PONG on ${instance.address}:${instance.inputPort}`);
        }
      }),
    );

    const projectPath = join(options.dir, 'cluster.ctha.json');
    const knownHostsPath = join(options.dir, 'known_hosts');
    await writeFile(
      projectPath,
      serializeProject(
        labProject('CyberTrace lab', instances, LAB_USER, {
          ...(training.keyLogin ? { keyPath: credentials.privateKeyPath } : {}),
          passwordlessSudo: training.passwordlessSudo,
        }),
      ),
    );
    await writeFile(knownHostsPath, knownHostsLines(knownHosts));
    const file: LabFile = {
      labFileVersion: 1,
      status: 'running',
      daemonPid,
      options,
      credentials,
      balancer,
      hosts: records,
      projectPath,
      knownHostsPath,
      alertsLogPath,
      rest: labRestRecord(),
    };
    await writeFile(labFilePath(options.dir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    return { file, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
