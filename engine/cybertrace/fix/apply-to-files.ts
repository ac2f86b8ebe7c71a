import { createHash } from 'node:crypto';
import type { FileChange, HostFile, InstanceFiles } from '../model/types.js';

/**
 * The instance's files as they would be after `changes` (in their order): edited and copied files get
 * their new bytes, set-aside keys leave the lic folder's *.key list. Used to check a plan before it is
 * offered and to preview the result; nothing is written anywhere.
 */
export function applyChangesToFiles(files: InstanceFiles, changes: readonly FileChange[]): InstanceFiles {
  let result = files;
  for (const change of changes) result = applyOne(result, change);
  return result;
}

function applyOne(files: InstanceFiles, change: FileChange): InstanceFiles {
  const updated: HostFile = { path: change.path, present: true, bytes: change.afterBytes, sha256: sha256(change.afterBytes) };
  if (change.kind === 'set-aside') {
    return { ...files, licenseDir: { ...files.licenseDir, keys: files.licenseDir.keys.filter((key) => key.path !== change.path) } };
  }
  if (files.serviceConf.path === change.path) return { ...files, serviceConf: updated };
  if (files.feedUtilConf.path === change.path) return { ...files, feedUtilConf: updated };
  if (files.certificate?.path === change.path) return { ...files, certificate: updated };
  const keys = [...files.licenseDir.keys.filter((key) => key.path !== change.path), updated].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { ...files, licenseDir: { ...files.licenseDir, present: true, keys } };
}

/** SHA-256 hex of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
