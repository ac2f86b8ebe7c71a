import { compareStrings } from '../../../shared/requirements/json.js';
import type { HostFile } from '../model/types.js';
import { hostBaseName, hostJoinName } from './host-path.js';
import { refuse, type FileOp, type Fixer } from './types.js';

/** Suffix of a key file set aside: CyberTrace reads `*.key` only, so the file stays but no longer counts. */
export const SET_ASIDE_SUFFIX = '.ctha-set-aside';

/**
 * Requirement 4: each reference key the instance lacks is copied into its lic folder under the same
 * name; each key the reference does not have is set aside (renamed to `<name>.ctha-set-aside`), never
 * deleted. Set-asides come first, so a copy may take the name a set-aside frees.
 */
export const fixLicense: Fixer = ({ instance, reference }) => {
  const mine = presentKeys(instance.files.licenseDir.keys);
  const theirs = presentKeys(reference.files.licenseDir.keys);
  if (typeof mine === 'string') return refuse(mine);
  if (typeof theirs === 'string') return refuse(theirs);
  const theirDigests = new Set(theirs.map((key) => key.sha256));
  const myDigests = new Set(mine.map((key) => key.sha256));

  const setAside: FileOp[] = mine
    .filter((key) => !theirDigests.has(key.sha256))
    .map((key) => ({ kind: 'set-aside', path: key.path, newPath: `${key.path}${SET_ASIDE_SUFFIX}`, sha256: key.sha256, bytes: key.bytes }));
  const freed = new Set(setAside.map((op) => op.path));
  const taken = new Set(mine.map((key) => key.path));
  const copies: FileOp[] = [];
  const copied = new Set<string>();
  for (const key of [...theirs].sort((a, b) => compareStrings(a.path, b.path))) {
    if (myDigests.has(key.sha256) || copied.has(key.sha256)) continue;
    if (!instance.files.licenseDir.present)
      return refuse(
        `${instance.files.licenseDir.path} does not exist on this instance: install the key in CyberTrace Web (Settings > Licensing)`,
      );
    const path = hostJoinName(instance.files.os, instance.files.licenseDir.path, hostBaseName(key.path));
    if (taken.has(path) && !freed.has(path))
      return refuse(`${path} exists with other content the reference also has under another name; sort the key files out by hand`);
    if (copies.some((op) => op.path === path)) return refuse(`two reference keys share the file name ${hostBaseName(key.path)}`);
    copies.push({ kind: 'copy', path, before: undefined, bytes: key.bytes, from: key.path });
    copied.add(key.sha256);
  }
  return { ok: true, confEdits: [], fileOps: [...setAside, ...copies] };
};

type PresentKey = Extract<HostFile, { present: true }>;

function presentKeys(keys: readonly HostFile[]): PresentKey[] | string {
  const unread = keys.find((key) => !key.present);
  if (unread && !unread.present) return `license key ${unread.path} not read: ${unread.reason}`;
  return keys.flatMap((key) => (key.present ? [key] : []));
}
