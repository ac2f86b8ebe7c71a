import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
