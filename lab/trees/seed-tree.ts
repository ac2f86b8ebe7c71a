import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { hostPathToLocal } from '../host-paths.js';
import type { LabInstance } from '../spec.js';

/**
 * Copies real files over a generated tree: `<seedDir>/<instance.name>/<host path>` replaces the file at
 * that host path, the host path written as on disk (`opt/kaspersky/ktfs/etc/...` on Linux,
 * `C/Program Files/...` on Windows, the drive letter as a folder). Bytes are copied as they are.
 * Returns the host paths it replaced, in sorted order; none when the instance has no seed folder.
 */
export async function seedTree(instance: LabInstance, seedDir: string): Promise<string[]> {
  const from = join(seedDir, instance.name);
  const entries = await readdir(from, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  // Every host path is worked out before anything is copied, so a bad seed path changes nothing.
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((source) => ({ source, hostPath: toHostPath(instance.os, relative(from, source).split(sep)) }));
  for (const { source, hostPath } of files) {
    const target = hostPathToLocal(instance, hostPath);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
  }
  return files.map((file) => file.hostPath).sort();
}

/** The host path of a seed file from its path segments below the instance's seed folder. */
function toHostPath(os: LabInstance['os'], segments: readonly string[]): string {
  if (os === 'linux') return `/${segments.join('/')}`;
  const [drive, ...rest] = segments;
  if (!drive || !/^[A-Za-z]$/.test(drive))
    throw new Error(`a Windows seed path must start with a drive-letter folder such as C/: ${segments.join('/')}`);
  return `${drive}:\\${rest.join('\\')}`;
}
