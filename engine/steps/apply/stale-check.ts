// Terraform's saved-plan rule: apply writes only over exactly what the plan read, or not at all.
import type { PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { failureReason } from '../../hosts/dialect/index.js';
import { currentSha256 } from './host-digest.js';
import { pathsNotIn } from './path-states.js';

/** The outcome of re-reading an instance's files. */
export type Freshness =
  | { readonly kind: 'fresh' }
  /** Every change's file already holds its planned result (an earlier run applied this plan). */
  | { readonly kind: 'already-applied' }
  | { readonly kind: 'stale'; readonly path: string; readonly expected: string; readonly found: string };

const describe = (sha: string | null): string => (sha === null ? 'no file' : `sha256 ${sha}`);

/** Re-reads every file and folder the plan read; the first difference makes the instance stale (named). */
export async function checkFreshness(dialect: HostDialect, planned: PlannedInstance): Promise<Freshness> {
  const differing: { path: string; expected: string; found: string }[] = [];
  for (const file of planned.filesRead) {
    const found = await currentSha256(dialect, file.path);
    if (found !== file.sha256) differing.push({ path: file.path, expected: describe(file.sha256), found: describe(found) });
  }
  for (const dir of planned.directoriesRead) {
    const found = await listNames(dialect, dir.path, dir.suffix);
    if (JSON.stringify(found) !== JSON.stringify(dir.entries)) {
      differing.push({
        path: dir.path,
        expected: dir.entries === null ? 'no folder' : `files [${dir.entries.join(', ')}]`,
        found: found === null ? 'no folder' : `files [${found.join(', ')}]`,
      });
    }
  }
  const first = differing[0];
  if (first === undefined) return { kind: 'fresh' };
  if (planned.changes.length > 0 && (await pathsNotIn(dialect, planned.changes, 'final')).length === 0) {
    // Only the changes' own files (and the folder they sit in) may differ for "already applied".
    const touched = new Set(planned.changes.flatMap((change) => [change.path, ...(change.newPath ? [change.newPath] : [])]));
    const dirs = new Set(planned.directoriesRead.map((dir) => dir.path));
    const parents = new Set([...touched].map((path) => dialect.paths.dirname(path)));
    if (differing.every((entry) => touched.has(entry.path) || (dirs.has(entry.path) && parents.has(entry.path))))
      return { kind: 'already-applied' };
  }
  return { kind: 'stale', ...first };
}

/** File names in `path` ending with `suffix`, sorted; null when there is no such folder. */
export async function listNames(dialect: HostDialect, path: string, suffix: string): Promise<string[] | null> {
  try {
    const entries = await dialect.listDir(path);
    return entries
      .filter((entry) => entry.type === 'file' && entry.name.endsWith(suffix))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (failureReason(error) === 'not-found') return null;
    throw error;
  }
}
