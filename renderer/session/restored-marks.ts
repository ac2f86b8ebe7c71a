// How restored results are marked on screen: by their time, and STALE where the hosts may have changed since.
import type { AppState } from '../store/app-state.js';
import type { RestoredSession } from './session-restore.js';
import type { ResultKey } from './session-results.js';
import { DESCRIBES_HOSTS, RESULT_KEYS, RESULT_LABELS, resultValue } from './session-results.js';

/** A restored result still on screen (not replaced by a run in this window). */
export type RestoredMark = Readonly<{ key: ResultKey; label: string; at: string; clock: string; stale: boolean }>;

/**
 * The rule said on screen: every restored result that describes the hosts is STALE until it is run again in this
 * window, because nothing tells the page what happened to the hosts after the window was closed. The report bundle
 * and its verification are files on this machine: marked by their time only.
 */
export const STALE_RULE =
  'Restored results show the hosts as they were at their time; anything may have changed since the window was closed, so each is marked STALE until you run it again.';

/** The restored results the store still shows, in the flow's order; `source` is the store's state or each result by key. */
export function restoredMarks(
  source: AppState | ((key: ResultKey) => unknown),
  restored: RestoredSession | undefined,
  now: Date = new Date(),
): RestoredMark[] {
  if (restored === undefined) return [];
  const valueOf = typeof source === 'function' ? source : (key: ResultKey) => resultValue(source, key);
  const marks: RestoredMark[] = [];
  for (const key of RESULT_KEYS) {
    const stamp = restored.stamps[key];
    // Identity: a run in this window replaces the object, and its result is then current, not restored.
    if (stamp === undefined || valueOf(key) !== stamp.value) continue;
    marks.push({ key, label: RESULT_LABELS[key], at: stamp.at, clock: clockTime(stamp.at, now), stale: DESCRIBES_HOSTS[key] });
  }
  return marks;
}

/** The sentence marking one restored result, e.g. "audit from 13:02, before the window was closed: STALE, run it again". */
export function markSentence(mark: RestoredMark): string {
  const when = `The ${mark.label} shown is from ${mark.clock}, before the window was closed`;
  return mark.stale
    ? `${when}. STALE: the hosts may have changed since; run it again before relying on it.`
    : `${when} (files on this machine; the hosts do not change them).`;
}

/** A time as the engineer reads it: "13:02" today, "2026-12-06 13:02" on another day (the laptop's local time). */
export function clockTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}`;
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return sameDay ? clock : `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${clock}`;
}
