// Rollback of one written file: its original bytes back (from the backup), a created file removed, a set-aside moved back.
import type { AppliedFile } from '../../../shared/plan/apply-report.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { ensureOriginal } from '../../hosts/safe-write/recovery.js';
import { unsetAside } from './set-aside.js';
import { currentSha256 } from './host-digest.js';

/** Puts one file back as the plan read it; resolves with its record ('restored' only when checked). */
export async function restoreFile(dialect: HostDialect, file: AppliedFile, timeoutMs?: number): Promise<AppliedFile> {
  const call = timeoutMs === undefined ? {} : { timeoutMs };
  const done = (ok: boolean, detail: string): AppliedFile => ({ ...file, status: ok ? 'restored' : 'unknown', detail });
  if (file.kind === 'set-aside') {
    if (file.newPath === undefined || file.beforeSha256 === null)
      return done(false, 'a set-aside without its new path: check the folder by hand');
    const ok = await unsetAside(dialect, file.path, file.newPath, file.beforeSha256, timeoutMs);
    return done(ok, ok ? `moved back from ${file.newPath}` : `could not move ${file.newPath} back to ${file.path}`);
  }
  if (file.beforeSha256 === null) {
    // The file did not exist before: removing it is the restore. Only our own bytes are removed.
    const now = await currentSha256(dialect, file.path);
    if (now === null) return done(true, 'the created file is gone');
    if (now !== file.afterSha256) return done(false, `${file.path} holds bytes this run did not write (sha256 ${now}); left in place`);
    await dialect.remove(file.path, call);
    const ok = (await currentSha256(dialect, file.path)) === null;
    return done(ok, ok ? 'the created file was removed' : 'the created file could not be removed');
  }
  if (file.backupPath === undefined) {
    const ok = (await currentSha256(dialect, file.path)) === file.beforeSha256;
    return done(ok, ok ? 'the original bytes are in place' : 'no backup was made and the file differs from the original');
  }
  const state = await ensureOriginal(dialect, file.path, file.backupPath, file.beforeSha256, call);
  const ok = state === 'intact' || state === 'restored';
  return done(
    ok,
    ok
      ? `${state === 'restored' ? 'restored from' : 'still intact; backup kept at'} ${file.backupPath}`
      : `could not restore; the original bytes are in ${file.backupPath}`,
  );
}
