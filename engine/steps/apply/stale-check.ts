// Terraform's saved-plan rule: apply writes only over exactly what the plan read, or not at all.
import type { PlannedChange, PlannedInstance } from '../../../shared/plan/plan-document.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { failureReason } from '../../hosts/dialect/index.js';

/** The outcome of re-reading an instance's files. */
export type Freshness =
  | { readonly kind: 'fresh' }
  /** Every change's file already holds its planned result (an earlier run applied this plan). */
  | { readonly kind: 'already-applied' }
  | { readonly kind: 'stale'; readonly path: string; readonly expected: string; readonly found: string };

/** The host's SHA-256 of a file, or null when it does not exist. */
export async function currentSha256(dialect: HostDialect, path: string): Promise<string | null> {
  try {
    return await dialect.sha256(path);
  } catch (error) {
    if (failureReason(error) === 'not-found') return null;
    throw error;
  }
}

/** Whether a change's file (and set-aside target) is in the state the change leaves it in. */
export async function isApplied(dialect: HostDialect, change: Pick<PlannedChange, 'path' | 'kind' | 'afterSha256' | 'newPath'>): Promise<boolean> {
  if (change.kind === 'set-aside') {
    return (await currentSha256(dialect, change.path)) === null && change.newPath !== undefined && (await currentSha256(dialect, change.newPath)) === change.afterSha256;
  }
  return (await currentSha256(dialect, change.path)) === change.afterSha256;
}

/** Whether a change's file is back in the state the plan read (the rollback's check). */
export async function isOriginal(dialect: HostDialect, change: Pick<PlannedChange, 'path' | 'kind' | 'beforeSha256' | 'newPath'>): Promise<boolean> {
  if ((await currentSha256(dialect, change.path)) !== change.beforeSha256) return false;
  return change.kind !== 'set-aside' || change.newPath === undefined || (await currentSha256(dialect, change.newPath)) === null;
}

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
      differing.push({ path: dir.path, expected: dir.entries === null ? 'no folder' : `files [${dir.entries.join(', ')}]`, found: found === null ? 'no folder' : `files [${found.join(', ')}]` });
    }
  }
  const first = differing[0];
  if (first === undefined) return { kind: 'fresh' };
  if (planned.changes.length > 0 && (await allApplied(dialect, planned))) {
    // Only the changes' own files (and the folder they sit in) may differ for "already applied".
    const touched = new Set(planned.changes.flatMap((change) => [change.path, ...(change.newPath ? [change.newPath] : [])]));
    const dirs = new Set(planned.directoriesRead.map((dir) => dir.path));
    const parents = new Set([...touched].map((path) => dialect.paths.dirname(path)));
    if (differing.every((entry) => touched.has(entry.path) || (dirs.has(entry.path) && parents.has(entry.path)))) return { kind: 'already-applied' };
  }
  return { kind: 'stale', ...first };
}

async function allApplied(dialect: HostDialect, planned: PlannedInstance): Promise<boolean> {
  for (const change of planned.changes) if (!(await isApplied(dialect, change))) return false;
  return true;
}

/** File names in `path` ending with `suffix`, sorted; null when there is no such folder. */
export async function listNames(dialect: HostDialect, path: string, suffix: string): Promise<string[] | null> {
  try {
    const entries = await dialect.listDir(path);
    return entries.filter((entry) => entry.type === 'file' && entry.name.endsWith(suffix)).map((entry) => entry.name).sort();
  } catch (error) {
    if (failureReason(error) === 'not-found') return null;
    throw error;
  }
}
