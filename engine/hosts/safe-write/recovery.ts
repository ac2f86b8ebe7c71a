// After a failed safe write: remove temporary files (best effort) and make sure the old bytes are in place.
import { randomBytes } from 'node:crypto';
import type { CallOptions, HostDialect } from '../dialect/types.js';
import type { OriginalState } from './types.js';

/** Removes each temporary file; returns those that could not be removed. Never touches the backup. */
export async function removeTemporaries(dialect: HostDialect, paths: readonly string[], options: CallOptions): Promise<string[]> {
  const left: string[] = [];
  for (const path of paths) {
    // With the connection gone nothing can be removed; say so instead of waiting for timeouts.
    if (dialect.session.ended) {
      left.push(path);
      continue;
    }
    try {
      await dialect.remove(path, options);
    } catch {
      left.push(path);
    }
  }
  return left;
}

/**
 * Once the rename may have happened, the target must be checked: still the old bytes ('intact'), or
 * put back from the verified backup through the same temp-and-rename path ('restored'). Anything
 * else is 'unknown', and the caller's error says where the backup is.
 */
export async function ensureOriginal(
  dialect: HostDialect,
  target: string,
  backupPath: string,
  beforeSha256: string,
  options: CallOptions,
): Promise<OriginalState> {
  if (dialect.session.ended) return 'unknown';
  try {
    if (
      (await dialect.fileFacts(target, options)) !== undefined &&
      (await dialect.sha256(target, { ...options, privileged: true })) === beforeSha256
    )
      return 'intact';
    const temp = dialect.paths.join(
      dialect.paths.dirname(target),
      `.${dialect.paths.basename(target)}.ctha-restore-${randomBytes(6).toString('hex')}`,
    );
    // copyFile keeps the backup's mode and owner (cp -p), which are the original's.
    await dialect.copyFile(backupPath, temp, options);
    if ((await dialect.sha256(temp, { ...options, privileged: true })) !== beforeSha256) {
      await dialect.remove(temp, options).catch(() => undefined);
      return 'unknown';
    }
    await dialect.replace(temp, target, options);
    return (await dialect.sha256(target, { ...options, privileged: true })) === beforeSha256 ? 'restored' : 'unknown';
  } catch {
    return 'unknown';
  }
}
