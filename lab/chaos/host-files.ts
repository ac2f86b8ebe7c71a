// What a chaos host holds, read from its local tree and keyed by host path, for the invariant checks.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { LabInstance } from '../spec.js';
import { pathKey, type HostFiles } from './invariants.js';

// A host tree holds a few dozen files; the bound keeps a runaway from hanging the run.
const MAX_FILES = 20_000;

/** Every file of a host (path key → SHA-256), read from the local folder behind it. */
export function readHostFiles(instance: Pick<LabInstance, 'os' | 'rootDir'>): HostFiles {
  const files = new Map<string, string>();
  const pending: string[][] = [[]];
  while (pending.length > 0) {
    const parts = pending.shift() as string[];
    const dir = join(instance.rootDir, ...parts);
    for (const name of readdirSync(dir)) {
      const info = lstatSync(join(dir, name));
      if (info.isDirectory()) pending.push([...parts, name]);
      else {
        if (files.size >= MAX_FILES) throw new Error(`${instance.rootDir} holds more than ${MAX_FILES} files`);
        files.set(
          pathKey(instance.os, hostPathOf(instance.os, [...parts, name])),
          createHash('sha256')
            .update(readFileSync(join(dir, name)))
            .digest('hex'),
        );
      }
    }
  }
  return files;
}

/** The host path of local segments: `/a/b` on Linux, `C:\a\b` on Windows (the first segment is the drive). */
export function hostPathOf(os: LabInstance['os'], parts: readonly string[]): string {
  if (os === 'linux') return `/${parts.join('/')}`;
  const [drive, ...rest] = parts;
  return `${drive ?? 'C'}:\\${rest.join('\\')}`;
}
