// An extra file moved out of the way (e.g. a second license key): renamed, never deleted, so it can be put back.
import type { HostDialect } from '../../hosts/dialect/index.js';
import { HostError } from '../../hosts/dialect/index.js';
import { currentSha256 } from './host-digest.js';

/** Renames `path` to `newPath` after checking both; the bytes are kept and verified under the new name. */
export async function setAside(
  dialect: HostDialect,
  path: string,
  newPath: string,
  expectedSha256: string,
  timeoutMs?: number,
): Promise<string> {
  const call = timeoutMs === undefined ? {} : { timeoutMs };
  if ((await dialect.fileFacts(newPath, call)) !== undefined)
    throw new HostError('verification-failed', `${newPath} already exists; a set-aside never replaces a file`, 'stale');
  const found = await currentSha256(dialect, path);
  if (found !== expectedSha256)
    throw new HostError(
      'verification-failed',
      `${path} changed since it was read for the plan: expected sha256 ${expectedSha256}, found ${found ?? 'no file'}`,
      'stale',
    );
  const how = await dialect.replace(path, newPath, call);
  if ((await currentSha256(dialect, newPath)) !== expectedSha256 || (await currentSha256(dialect, path)) !== null) {
    throw new HostError('verification-failed', `${path} was not moved intact to ${newPath}`, 'digest-mismatch');
  }
  return how;
}

/** Moves a set-aside file back; true when `path` holds its bytes again and `newPath` is gone. */
export async function unsetAside(
  dialect: HostDialect,
  path: string,
  newPath: string,
  expectedSha256: string,
  timeoutMs?: number,
): Promise<boolean> {
  const call = timeoutMs === undefined ? {} : { timeoutMs };
  if ((await currentSha256(dialect, path)) === expectedSha256 && (await currentSha256(dialect, newPath)) === null) return true;
  if ((await currentSha256(dialect, path)) !== null) return false;
  await dialect.replace(newPath, path, call);
  return (await currentSha256(dialect, path)) === expectedSha256 && (await currentSha256(dialect, newPath)) === null;
}
