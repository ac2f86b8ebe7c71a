import type { RequirementId } from './ids.js';
import { compareStrings } from './json.js';

/** A waiver as the project holds it. */
export interface WaiverEntry {
  readonly requirement: RequirementId;
  readonly instance: string;
  readonly justification: string;
  readonly engineer: string;
  readonly date: string;
  readonly expires?: string | undefined;
}

/** An attestation as the project holds it. */
export interface AttestationEntry {
  readonly requirement: RequirementId;
  readonly instance: string;
  readonly note: string;
  readonly engineer: string;
  readonly date: string;
}

/** The waivers for one requirement on one instance: the newest one still in force, and the newest expired one. */
export function waiverFor(
  waivers: readonly WaiverEntry[],
  requirement: RequirementId,
  instance: string,
  now: Date,
): { readonly active?: WaiverEntry; readonly expired?: WaiverEntry } {
  const mine = newestFirst(waivers.filter((w) => w.requirement === requirement && w.instance === instance));
  const inForce = (w: WaiverEntry): boolean => w.expires === undefined || Date.parse(w.expires) > now.getTime();
  const active = mine.find(inForce);
  const expired = mine.find((w) => !inForce(w));
  return { ...(active ? { active } : {}), ...(expired ? { expired } : {}) };
}

/** The newest attestation for one requirement on one instance. */
export function attestationFor(
  attestations: readonly AttestationEntry[],
  requirement: RequirementId,
  instance: string,
): AttestationEntry | undefined {
  return newestFirst(attestations.filter((a) => a.requirement === requirement && a.instance === instance))[0];
}

// Newest by date; ties keep project order reversed so that the entry added last wins, deterministically.
function newestFirst<T extends { readonly date: string }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.date) }))
    .sort((a, b) => b.time - a.time || b.index - a.index || compareStrings(a.entry.date, b.entry.date))
    .map(({ entry }) => entry);
}
