// Starts the simulator in-process on a real lab install tree (any version, OS and drift), with the
// REST endpoint on request. Shared by the simulator's REST tests and the probe tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedService, type RunningFeedService } from '../../../lab/simulator/feed-service.js';
import type { LabRestDataInput } from '../../../lab/simulator/rest-lab-data.js';
import { createMemoryLog } from '../../../lab/simulator/sim-log.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import type { DriftPreset, LabInstance, LabOs, LabVersion } from '../../../lab/spec.js';
import { LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, serviceControlFor } from '../../../lab/spec.js';
import { generateHostTree } from '../../../lab/trees/host-tree.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';

/** What to start. */
export interface TreeServiceOptions {
  readonly name: string;
  readonly version: LabVersion;
  readonly os?: LabOs;
  /** Loopback address inside the test file's own range. */
  readonly address: string;
  readonly drift?: readonly DriftPreset[];
  /** Serve REST (on restPort, else an OS-picked port). */
  readonly rest?: boolean;
  readonly restPort?: number;
  /** InputSettings/ConnectionString's port; default 0 (the OS picks one). */
  readonly inputPort?: number;
  /** Written to httpsrv/lab_rest.json before the start. */
  readonly restData?: LabRestDataInput;
  readonly readyDelayMs?: number;
}

/** A generated tree, not started: local paths of the files the simulator reads. */
export interface PreparedTree {
  readonly dir: string;
  readonly instance: LabInstance;
  readonly configPath: string;
  readonly binDir: string;
  /** The local path of httpsrv/lab_rest.json. */
  readonly dataFile: string;
  /** The local path of httpsrv/kl_feed_service_cert.pem. */
  readonly certFile: string;
}

/** A running simulated instance on its own tree. */
export interface TreeService extends PreparedTree {
  readonly service: RunningFeedService;
  readonly log: ReturnType<typeof createMemoryLog>;
  stop(): Promise<void>;
}

/** Generates the tree with its drift and starts the simulator on it; the alert target is a closed port. */
export async function startTreeService(options: TreeServiceOptions): Promise<TreeService> {
  const tree = await prepareTree(options);
  const log = createMemoryLog();
  try {
    const service = await startFeedService({
      configPath: tree.configPath,
      binDir: tree.binDir,
      bindAddress: options.address,
      readyDelayMs: options.readyDelayMs ?? 0,
      alertTimeoutMs: 500,
      log,
      ...(options.rest === true ? { rest: { port: options.restPort ?? 0 } } : {}),
    });
    return {
      ...tree,
      service,
      log,
      stop: async () => {
        await service.stop();
        await rm(tree.dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(tree.dir, { recursive: true, force: true });
    throw error;
  }
}

/** Writes an instance's tree (reference state plus drift, and the lab data file when given) into a temp folder. */
export async function prepareTree(options: TreeServiceOptions): Promise<PreparedTree> {
  const dir = await mkdtemp(join(tmpdir(), 'ctha-treesvc-'));
  const os = options.os ?? 'linux';
  const instance: LabInstance = {
    name: options.name,
    os,
    version: options.version,
    backend: 'emulated',
    address: options.address,
    sshPort: 0,
    // Port 0 in InputSettings/ConnectionString: the OS picks one (a simulator convenience for tests).
    inputPort: options.inputPort ?? 0,
    serviceDir: os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir: join(dir, 'root'),
    stateDir: join(dir, 'state'),
    serviceControl: serviceControlFor(os, options.version),
    drift: [...(options.drift ?? [])],
    faults: [],
  };
  // Alerts go to the instance's own address, port 9: nothing listens there, so they fail fast.
  await generateHostTree(instance, {
    balancer: { address: options.address, matchingPort: 9999, apiPort: 8443, cybertracePort: 9 },
    simulatorPath: '/nonexistent/kl_feed_service.js',
    nodePath: process.execPath,
  });
  const layout = hostTreeLayout(instance);
  const local = (hostPath: string): string => hostPathToLocal(instance, hostPath);
  const dataFile = join(local(layout.webCert), '..', 'lab_rest.json');
  if (options.restData !== undefined) await writeFile(dataFile, JSON.stringify(options.restData));
  return { dir, instance, configPath: local(layout.serviceConf), binDir: local(layout.binDir), dataFile, certFile: local(layout.webCert) };
}
