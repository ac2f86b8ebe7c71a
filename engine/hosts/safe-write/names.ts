// Names of the files a safe write creates next to the target: the backup and the temporary copy.
import { randomBytes } from 'node:crypto';
import type { CallOptions, HostDialect } from '../dialect/types.js';

/** `20260131T235959Z`: UTC, sortable, no characters any file system refuses. */
export function backupStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** `<name>.ctha-backup-<UTC yyyymmddThhmmssZ>` (with `-2`, `-3`, ... when that name is taken). */
export function backupName(name: string, date: Date, attempt = 1): string {
  return `${name}.ctha-backup-${backupStamp(date)}${attempt > 1 ? `-${attempt}` : ''}`;
}

/** A hidden temporary name beside the target, unique per write. */
export function tempName(name: string): string {
  return `.${name}.ctha-new-${randomBytes(6).toString('hex')}`;
}

const MAX_BACKUP_ATTEMPTS = 20;

/** The first backup path beside `target` that does not exist yet: a backup is never overwritten. */
export async function freeBackupPath(dialect: HostDialect, target: string, date: Date, options: CallOptions): Promise<string> {
  const dir = dialect.paths.dirname(target);
  const name = dialect.paths.basename(target);
  for (let attempt = 1; attempt <= MAX_BACKUP_ATTEMPTS; attempt++) {
    const candidate = dialect.paths.join(dir, backupName(name, date, attempt));
    if ((await dialect.fileFacts(candidate, options)) === undefined) return candidate;
  }
  throw new Error(`${MAX_BACKUP_ATTEMPTS} backups of ${target} already exist for ${backupStamp(date)}`);
}
