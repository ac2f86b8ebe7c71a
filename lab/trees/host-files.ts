import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostPathToLocal } from '../host-paths.js';
import type { LabInstance } from '../spec.js';

/** The parts of an instance that locate its files. */
export type HostRoot = Pick<LabInstance, 'os' | 'rootDir'>;

/** Writes a file at a host path (creating its folders); `mode` is applied even when the file existed. */
export async function writeHostFile(host: HostRoot, hostPath: string, content: Uint8Array | string, mode?: number): Promise<void> {
  const local = hostPathToLocal(host, hostPath);
  await mkdir(dirname(local), { recursive: true });
  await writeFile(local, content);
  // writeFile's mode only applies on creation; a regenerated tree must still end up with it.
  if (mode !== undefined) await chmod(local, mode);
}

/** Creates a folder at a host path. */
export async function makeHostDir(host: HostRoot, hostPath: string): Promise<void> {
  await mkdir(hostPathToLocal(host, hostPath), { recursive: true });
}
