// A backup a run made but could not record (killed between the rename and the journal write): found by name and digest.
import type { HostDialect } from '../../hosts/dialect/index.js';
import { currentSha256 } from './host-digest.js';

/** The newest `<name>.ctha-backup-*` beside `path` holding exactly `sha256`; undefined when there is none. */
export async function findBackup(dialect: HostDialect, path: string, sha256: string): Promise<string | undefined> {
  const dir = dialect.paths.dirname(path);
  const prefix = `${dialect.paths.basename(path)}.ctha-backup-`;
  const names = (await dialect.listDir(dir))
    .filter((entry) => entry.type === 'file' && entry.name.startsWith(prefix))
    .map((entry) => entry.name);
  // The stamp sorts by time; `-2`, `-3` suffixes sort after their stamp.
  for (const name of names.sort().reverse()) {
    const candidate = dialect.paths.join(dir, name);
    if ((await currentSha256(dialect, candidate)) === sha256) return candidate;
  }
  return undefined;
}
