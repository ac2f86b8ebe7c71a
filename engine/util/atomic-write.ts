import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { restrictToOwner } from './owner-only-acl.js';

/** Mode of files only their owner may read: plans, journals, evidence (they name hosts, paths and digests). */
export const OWNER_ONLY_MODE = 0o600;

/** Options of writeFileAtomic. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the file written, set exactly whatever the umask or the old file's mode. Absent:
   * 0o644 less the umask, as before.
   */
  readonly mode?: number;
}

/**
 * Writes a local file so that readers see either the old bytes or the new ones, never half:
 * a temporary file in the same directory, flushed to disk, then renamed over the target.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o644;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // Created with the final mode, so the bytes are never readable by others, not even before the chmod.
  const handle = await open(temp, 'wx', mode);
  try {
    // An asked mode is exact (the umask only takes bits away); the rename then replaces the old file, mode included.
    if (options.mode !== undefined) await handle.chmod(options.mode);
    // Windows ignores the bits: the ACL goes on the empty file, before any byte is in it; rename keeps it.
    if (options.mode === OWNER_ONLY_MODE && process.platform === 'win32') await restrictToOwner(temp);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
