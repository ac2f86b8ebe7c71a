// Our own temporaries that a write cut short leaves behind (the connection dropped before the write could
// remove them): `.<name>.ctha-new-*` beside the file and, on Linux, its staged copy `.ctha-stage-...` in the
// login user's home. They may hold new bytes (a licence key), so rollback and resume remove them.
import type { CallOptions, HostDialect } from '../../hosts/dialect/index.js';
import { removeTemporaries } from '../../hosts/safe-write/recovery.js';

/** What a sweep found: removed temporaries, those that could not be removed, folders that could not be listed. */
export interface SweepOutcome {
  readonly removed: readonly string[];
  readonly left: readonly string[];
  readonly unlisted: readonly string[];
}

/** Removes every temporary our writes name after one of `paths`; never touches any other file (backups stay). */
export async function sweepTemporaries(dialect: HostDialect, paths: readonly string[], options: CallOptions = {}): Promise<SweepOutcome> {
  const prefixesByDir = new Map<string, Set<string>>();
  for (const path of new Set(paths)) {
    const dir = dialect.paths.dirname(path);
    const set = prefixesByDir.get(dir) ?? new Set<string>();
    set.add(`.${dialect.paths.basename(path)}.ctha-new-`);
    prefixesByDir.set(dir, set);
  }
  const found: string[] = [];
  const unlisted: string[] = [];
  const collect = async (dir: string, prefixes: readonly string[]): Promise<void> => {
    try {
      const entries = await dialect.listDir(dir, options);
      for (const entry of entries)
        if (entry.type === 'file' && prefixes.some((prefix) => entry.name.startsWith(prefix)))
          found.push(dialect.paths.join(dir, entry.name));
    } catch {
      unlisted.push(dir);
    }
  };
  for (const [dir, prefixes] of prefixesByDir) {
    await collect(dir, [...prefixes]);
    // Where the dialect stages uploads (Linux: the login user's home, named after the temporary).
    let stageDir: string | undefined;
    try {
      stageDir = dialect.paths.dirname(await dialect.stagingPathFor(dialect.paths.join(dir, '.ctha-probe'), options));
    } catch {
      stageDir = undefined;
    }
    if (stageDir !== undefined && stageDir !== dir)
      await collect(
        stageDir,
        [...prefixes].map((prefix) => `.ctha-stage-${prefix}`),
      );
  }
  const left = await removeTemporaries(dialect, found, options);
  return { removed: found.filter((path) => !left.includes(path)), left, unlisted };
}
