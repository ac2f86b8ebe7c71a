// The recent-projects list: paths only (never a secret), kept in the page's local storage, newest first.

const KEY = 'ctha.recentProjects';
/** How many project paths the list keeps. */
export const RECENT_KEPT = 8;

/** Where the list lives; the page's localStorage, or nothing (tests, a storage the browser refuses). */
export type RecentStorage = Pick<Storage, 'getItem' | 'setItem'> | undefined;

/** The page's local storage, when the browser gives one. */
export function pageStorage(): RecentStorage {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The stored list; anything malformed reads as empty. */
export function readRecent(storage: RecentStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((entry): entry is string => typeof entry === 'string' && entry !== '').slice(0, RECENT_KEPT)
      : [];
  } catch {
    return [];
  }
}

/** The list with `path` first (moved up if present), cut to RECENT_KEPT, and stored. */
export function rememberRecent(storage: RecentStorage, path: string): string[] {
  const next = [path, ...readRecent(storage).filter((entry) => entry !== path)].slice(0, RECENT_KEPT);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // A full or refused storage only loses the list, never the project.
  }
  return next;
}
