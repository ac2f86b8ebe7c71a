// One emulated lab reused by every iteration: clusters of Linux and Windows hosts of several
// CyberTrace versions, each host's tree put back to its seeded bytes between iterations, faults
// switched by restarting only the in-process SSH host (same host key, same service).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeProject } from '../../shared/project/parse.js';
import type { Project } from '../../shared/project/schema.js';
import { applyDrift } from '../drift/apply-drift.js';
import { startEmulatedHost } from '../emulated/emulated-host.js';
import type { EmulatedHost } from '../emulated/types.js';
import { startAlertSink, type AlertSink } from '../orchestrator/alert-sink.js';
import { newKeyPair, newLabPassword, sha256Fingerprint, type KeyPair } from '../orchestrator/lab-keys.js';
import { labProject } from '../orchestrator/lab-project.js';
import { planInstances } from '../orchestrator/plan-instances.js';
import { LAB_USER } from '../orchestrator/run-lab.js';
import { waitForPong } from '../service/wait-for-pong.js';
import type { DriftPreset, FaultSpec, LabInstance, LabVersion } from '../spec.js';
import { generateHostTree } from '../trees/host-tree.js';
import { createChaosService, type ChaosService } from './chaos-service.js';
import { restoreTree, snapshotTree, type TreeSnapshot } from './tree-snapshot.js';

/** The shape of one cluster of the chaos lab. */
export interface ClusterShape {
  readonly name: string;
  readonly version: LabVersion;
  readonly linux: number;
  readonly windows: number;
  /** First address of the cluster's block (the Balancer's); instances take the following ones. */
  readonly addressBase: string;
}

/** The default lab: 4.4 (Linux + Windows with sc.exe), 5.1 and 4.1 (Windows with kl_control.bat); 127.0.165-167.x. */
export const DEFAULT_CLUSTERS: readonly ClusterShape[] = [
  { name: 'c44', version: '4.4', linux: 2, windows: 1, addressBase: '127.0.165.10' },
  { name: 'c51', version: '5.1', linux: 1, windows: 1, addressBase: '127.0.166.10' },
  { name: 'c41', version: '4.1', linux: 1, windows: 1, addressBase: '127.0.167.10' },
];

/** One host of the lab: its instance, keys, service and seeded tree. */
export interface ChaosHost {
  readonly instance: LabInstance;
  readonly service: ChaosService;
  /** Set once the SSH host has made its home and temp folders. */
  seed: TreeSnapshot;
  /** The fault the SSH host runs with now (none: undefined). */
  fault: FaultSpec | undefined;
}

/** One cluster: a project over its hosts. */
export interface ChaosCluster {
  readonly shape: ClusterShape;
  readonly projectPath: string;
  readonly hosts: readonly ChaosHost[];
}

/** The running lab. */
export interface ChaosLab {
  readonly dir: string;
  readonly password: string;
  readonly clusters: readonly ChaosCluster[];
  /** Puts a cluster back to its seeded state (files, no faults, journal and plans gone), seeds `drift`, restarts its services and waits for PONG. */
  reset(cluster: ChaosCluster, drift: readonly { instance: string; presets: readonly DriftPreset[] }[]): Promise<void>;
  /** Restarts a host's SSH server with this fault (or none); its service keeps running. */
  setFault(host: ChaosHost, fault: FaultSpec | undefined): Promise<void>;
  stop(): Promise<void>;
}

interface HostRuntime {
  readonly keys: { real: KeyPair; other: KeyPair };
  ssh: EmulatedHost | undefined;
}

/** Builds the lab in `dir` (which must be empty or absent) and starts every host and service. */
export async function startChaosLab(dir: string, shapes: readonly ClusterShape[] = DEFAULT_CLUSTERS, readyDelayMs = 20): Promise<ChaosLab> {
  const password = newLabPassword();
  const userKey = newKeyPair();
  const credentials = { user: LAB_USER, password, publicKey: userKey.publicKey };
  const runtimes = new Map<ChaosHost, HostRuntime>();
  const sinks: AlertSink[] = [];
  const clusters: ChaosCluster[] = [];

  const startSsh = async (host: ChaosHost): Promise<void> => {
    const runtime = runtimes.get(host) as HostRuntime;
    const faults = host.fault ? [host.fault] : [];
    // host-key-changed: the project pinned the real key; the host now presents another.
    const hostKey = host.fault?.kind === 'host-key-changed' ? runtime.keys.other : runtime.keys.real;
    runtime.ssh = await startEmulatedHost({
      instance: { ...host.instance, faults },
      credentials,
      hostKey: hostKey.privateKey,
      service: host.service,
    });
  };

  const lab: ChaosLab = {
    dir,
    password,
    clusters,
    async reset(cluster, drift) {
      await Promise.all(cluster.hosts.filter((host) => host.fault !== undefined).map((host) => lab.setFault(host, undefined)));
      for (const host of cluster.hosts) {
        host.service.disarm();
        restoreTree(host.seed);
        for (const preset of drift.find((entry) => entry.instance === host.instance.name)?.presets ?? [])
          await applyDrift(host.instance, preset);
      }
      const base = cluster.projectPath.slice(0, -'.ctha.json'.length);
      await Promise.all([
        rm(`${base}.ctha-journal.json`, { force: true }),
        rm(join(dir, cluster.shape.name, 'plans'), { recursive: true, force: true }),
      ]);
      await Promise.all(
        cluster.hosts.map(async (host) => {
          await host.service.stop();
          const started = await host.service.start();
          if (!started.ok)
            throw new Error(`${cluster.shape.name}/${host.instance.name}: the service did not start after the reset: ${started.message}`);
          if (!(await waitForPong(host.instance.address, host.instance.inputPort, 5_000)))
            throw new Error(`${cluster.shape.name}/${host.instance.name}: no PONG after the reset`);
        }),
      );
    },
    async setFault(host, fault) {
      const runtime = runtimes.get(host);
      if (!runtime) throw new Error(`${host.instance.name} is not a host of this lab`);
      await runtime.ssh?.stop();
      runtime.ssh = undefined;
      host.fault = fault;
      await startSsh(host);
    },
    async stop() {
      for (const runtime of runtimes.values()) await runtime.ssh?.stop().catch(() => undefined);
      for (const cluster of clusters) for (const host of cluster.hosts) await host.service.stop().catch(() => undefined);
      for (const sink of sinks) await sink.close().catch(() => undefined);
    },
  };

  try {
    for (const shape of shapes) {
      const clusterDir = join(dir, shape.name);
      await mkdir(clusterDir, { recursive: true });
      const { instances, balancer } = planInstances({
        dir: clusterDir,
        linux: shape.linux,
        windows: shape.windows,
        backend: 'emulated',
        version: shape.version,
        drift: 'none',
        faults: [],
        addressBase: shape.addressBase,
        readyDelayMs,
      });
      sinks.push(await startAlertSink(balancer.address, balancer.cybertracePort, join(clusterDir, 'alerts.log')));
      const hosts: ChaosHost[] = [];
      for (const instance of instances) {
        await mkdir(instance.stateDir, { recursive: true });
        // The Linux launcher names a simulator it never runs here: the service runs in this process.
        await generateHostTree(instance, { balancer, simulatorPath: '/nonexistent/kl_feed_service.js', nodePath: process.execPath });
        const host: ChaosHost = {
          instance,
          service: createChaosService(instance, readyDelayMs),
          seed: { root: instance.rootDir, files: new Map(), dirs: new Map() },
          fault: undefined,
        };
        runtimes.set(host, { keys: { real: newKeyPair(), other: newKeyPair() }, ssh: undefined });
        await startSsh(host);
        host.seed = snapshotTree(instance.rootDir);
        hosts.push(host);
      }
      const project: Project = {
        ...labProject(`chaos ${shape.name}`, instances, LAB_USER),
        hostKeys: hosts.map((host) => ({
          host: host.instance.address,
          port: host.instance.sshPort,
          type: 'ssh-ed25519',
          fingerprint: sha256Fingerprint((runtimes.get(host) as HostRuntime).keys.real.publicKey),
        })),
      };
      const projectPath = join(clusterDir, 'cluster.ctha.json');
      await writeFile(projectPath, serializeProject(project));
      clusters.push({ shape, projectPath, hosts });
      for (const host of hosts) {
        const started = await host.service.start();
        if (!started.ok) throw new Error(`${shape.name}/${host.instance.name}: the service did not start: ${started.message}`);
      }
    }
    return lab;
  } catch (error) {
    await lab.stop();
    throw error;
  }
}
