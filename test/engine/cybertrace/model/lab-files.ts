import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostFile, InstanceFiles, ObserveContext } from '../../../../engine/cybertrace/model/types.js';
import { hostJoin, hostPathToLocal } from '../../../../lab/host-paths.js';
import {
  LINUX_SERVICE_DIR,
  WINDOWS_SERVICE_DIR,
  serviceControlFor,
  type DriftPreset,
  type LabBalancer,
  type LabInstance,
  type LabOs,
  type LabVersion,
} from '../../../../lab/spec.js';
import { generateHostTree } from '../../../../lab/trees/host-tree.js';
import { hostTreeLayout } from '../../../../lab/trees/tree-layout.js';

// Instance files for the config model's tests, built by the lab's own tree generator and read back the
// way the orchestrator reads them over SSH (exact bytes, SHA-256, the lic folder's *.key sorted by name).

/** The Balancer every test tree points at. */
export const BALANCER: LabBalancer = { address: '127.0.0.10', matchingPort: 9999, apiPort: 8443, cybertracePort: 9998 };

/** The observe context matching BALANCER and the lab's rule name. */
export const CTX: ObserveContext = { reqRuleName: 'REQ', balancer: { host: BALANCER.address, cybertracePort: BALANCER.cybertracePort } };

/** The versions and OSes the model is tested on: both layouts, LF and CRLF (+ BOM on the service conf). */
export const MATRIX = (['4.4', '5.1'] as const).flatMap((version) => (['linux', 'windows'] as const).map((os) => ({ version, os })));

/** A lab instance description whose files live under `rootDir`. */
export function labInstance(
  name: string,
  os: LabOs,
  version: LabVersion,
  rootDir: string,
  drift: readonly DriftPreset[] = [],
): LabInstance {
  return {
    name,
    os,
    version,
    backend: 'emulated',
    address: '127.0.0.11',
    sshPort: 2201,
    inputPort: 9999,
    serviceDir: os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir,
    stateDir: join(rootDir, '..', 'state'),
    serviceControl: serviceControlFor(os, version),
    drift,
    faults: [],
  };
}

/** Generates an instance's tree (with its drift) under `dir/<name>` and reads its files. */
export async function generateInstanceFiles(
  dir: string,
  name: string,
  os: LabOs,
  version: LabVersion,
  drift: readonly DriftPreset[] = [],
): Promise<InstanceFiles> {
  const instance = labInstance(name, os, version, join(dir, name, 'root'), drift);
  await generateHostTree(instance, { balancer: BALANCER, simulatorPath: '/lab/simulator.js', nodePath: '/usr/bin/node' });
  return readInstanceFiles(instance);
}

/** Reads an instance's files from its local tree as InstanceFiles. */
export async function readInstanceFiles(instance: LabInstance): Promise<InstanceFiles> {
  const layout = hostTreeLayout(instance);
  const licDir = hostJoin(instance.os, instance.serviceDir, 'httpsrv', 'lic');
  const names = (await readdir(hostPathToLocal(instance, licDir))).filter((name) => name.endsWith('.key')).sort();
  return {
    os: instance.os,
    serviceDir: instance.serviceDir,
    serviceConf: await hostFile(instance, layout.serviceConf),
    feedUtilConf: await hostFile(instance, layout.feedUtilConf),
    certificate: await hostFile(instance, layout.feedsCert),
    licenseDir: {
      path: licDir,
      present: true,
      keys: await Promise.all(names.map((name) => hostFile(instance, hostJoin(instance.os, licDir, name)))),
    },
  };
}

/** A file present with the given bytes. */
export function presentFile(path: string, bytes: Uint8Array): HostFile {
  return { path, present: true, bytes, sha256: sha256(bytes) };
}

/** SHA-256 hex of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function hostFile(instance: LabInstance, path: string): Promise<HostFile> {
  try {
    return presentFile(path, new Uint8Array(await readFile(hostPathToLocal(instance, path))));
  } catch (error) {
    return { path, present: false, reason: (error as Error).message };
  }
}

/** The requirement each lab drift preset must show up on (lab/spec.ts comments). */
export const PRESET_REQUIREMENT = {
  feeds: 'req2',
  'req-missing': 'req6',
  'req-regex': 'req6',
  'req-type': 'req6',
  'event-format': 'req7',
  'finished-disabled': 'req8',
  'finished-absent': 'req8',
  'export-tasks': 'req5',
  license: 'req4',
  certificate: 'req1',
  alerts: 'alerts',
} as const satisfies Record<DriftPreset, string>;
