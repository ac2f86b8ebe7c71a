import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_REST_PORT } from '../simulator/lab-rest.js';
import { DEFAULT_WEB_USER } from '../simulator/rest-lab-data.js';
import type { LabBalancer, LabInstance } from '../spec.js';
import type { LabOptions } from './lab-options.js';

/** One host as lab.json records it: its spec plus what a client needs to reach and check it. */
export interface LabHostRecord {
  readonly instance: LabInstance;
  /** Fingerprint of the key the host presents now. */
  readonly hostKeyFingerprint: string;
  readonly hostPublicKey: string;
}

/** `DIR/lab.json`: what `ctha lab up` started, with lab-only credentials; `lab status` and `lab down` read it. */
export interface LabFile {
  readonly labFileVersion: 1;
  readonly status: 'starting' | 'running' | 'failed' | 'stopped';
  readonly error?: string;
  readonly daemonPid: number;
  readonly options: LabOptions;
  readonly credentials: { readonly user: string; readonly password: string; readonly privateKeyPath: string; readonly publicKey: string };
  readonly balancer: LabBalancer;
  readonly hosts: readonly LabHostRecord[];
  readonly projectPath: string;
  readonly knownHostsPath: string;
  readonly alertsLogPath: string;
  /** Every instance's REST endpoint (its address, this port) and the lab's Web account, for requirement 3's spot-check. */
  readonly rest?: LabRestRecord;
}

/** Where and as whom the lab's instances answer REST lookups; lab-only credentials, like the SSH ones. */
export interface LabRestRecord {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** The REST record of a lab started by spawnService (lab-rest.ts): LAB_REST_PORT and the documented default account. */
export function labRestRecord(): LabRestRecord {
  return { port: LAB_REST_PORT, user: DEFAULT_WEB_USER.name, password: DEFAULT_WEB_USER.password };
}

/** Path of a lab's lab.json. */
export function labFilePath(dir: string): string {
  return join(dir, 'lab.json');
}

/** Reads a lab's lab.json; undefined when there is none. */
export async function readLabFile(dir: string): Promise<LabFile | undefined> {
  try {
    return JSON.parse(await readFile(labFilePath(dir), 'utf8')) as LabFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
