// Where each touched path must stand before and after an instance's changes. A plan may set a key aside and
// then copy the reference's key under the freed name, so states are per path across the list, not per change.
import type { PlannedChange } from '../../../shared/plan/plan-document.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { currentSha256 } from './host-digest.js';

/** The fields of a change (or a journal file) that say what it does to which paths. */
export type ChangeShape = Pick<PlannedChange, 'path' | 'kind' | 'beforeSha256' | 'afterSha256' | 'newPath'>;

/** A path's digest before the changes and after all of them (null: no file). */
export interface PathState {
  readonly original: string | null;
  readonly final: string | null;
}

/** The paths a change touches: the file, and a set-aside's new name. */
export function pathsOf(change: ChangeShape): string[] {
  return change.kind === 'set-aside' && change.newPath !== undefined ? [change.path, change.newPath] : [change.path];
}

/** Original and final state of every path the changes touch, applying them in order. */
export function pathStates(changes: readonly ChangeShape[]): Map<string, PathState> {
  const states = new Map<string, PathState>();
  const touch = (path: string, before: string | null, after: string | null): void => {
    const known = states.get(path);
    states.set(path, { original: known ? known.original : before, final: after });
  };
  for (const change of changes) {
    if (change.kind === 'set-aside') {
      touch(change.path, change.beforeSha256, null);
      if (change.newPath !== undefined) touch(change.newPath, null, change.afterSha256);
    } else touch(change.path, change.beforeSha256, change.afterSha256);
  }
  return states;
}

/** The paths of `changes` (only those of `only`, when given) whose host digest is not the wanted state; empty when all hold it. */
export async function pathsNotIn(
  dialect: HostDialect,
  changes: readonly ChangeShape[],
  which: keyof PathState,
  only?: readonly ChangeShape[],
): Promise<string[]> {
  const wanted = only === undefined ? undefined : new Set(only.flatMap(pathsOf));
  const differing: string[] = [];
  for (const [path, state] of pathStates(changes)) {
    if (wanted !== undefined && !wanted.has(path)) continue;
    if ((await currentSha256(dialect, path)) !== state[which]) differing.push(path);
  }
  return differing;
}

/** For each change (in order): whether the host shows it touched (any of its paths away from the original state). */
export async function touchedChanges(dialect: HostDialect, changes: readonly ChangeShape[]): Promise<boolean[]> {
  const states = pathStates(changes);
  const current = new Map<string, string | null>();
  for (const path of states.keys()) current.set(path, await currentSha256(dialect, path));
  return changes.map((change) => pathsOf(change).some((path) => current.get(path) !== states.get(path)?.original));
}
