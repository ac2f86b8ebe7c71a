// Linux ownership, which the local files cannot carry (they all belong to whoever runs the lab).
import { isUnder } from './paths.js';

/** uid/gid of root. */
export const ROOT_ID = 0;
/** uid and primary gid of the login user, as Debian's first `adduser` gives them. */
export const USER_ID = 1000;
/** gid of Debian's `sudo` group, of which the login user is a member. */
export const SUDO_GID = 27;

/** Owner and group of a file. */
export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Who owns each path: what `chown`/creation recorded, else the login user inside their home and
 * root everywhere else (the service tree, /etc, /tmp itself).
 */
export class Owners {
  private readonly recorded = new Map<string, Owner>();

  constructor(private readonly home: string) {}

  /** Owner of a normalised Linux path. */
  get(path: string): Owner {
    const owner = this.recorded.get(path);
    if (owner) return owner;
    return isUnder('linux', path, this.home) ? { uid: USER_ID, gid: USER_ID } : { uid: ROOT_ID, gid: ROOT_ID };
  }

  /** Records the owner of a path (creation, chown). */
  set(path: string, owner: Owner): void {
    this.recorded.set(path, owner);
  }

  /** Moves the records of a path and everything below it (rename). */
  move(from: string, to: string): void {
    for (const [path, owner] of [...this.recorded]) {
      if (!isUnder('linux', path, from)) continue;
      this.recorded.delete(path);
      this.recorded.set(to + path.slice(from.length), owner);
    }
  }

  /** Forgets a path and everything below it (removal), so a new file there starts fresh. */
  forget(path: string): void {
    for (const recordedPath of [...this.recorded.keys()]) {
      if (isUnder('linux', recordedPath, path)) this.recorded.delete(recordedPath);
    }
  }
}

/** Name of a uid as /etc/passwd on an emulated host lists it (numbers for unknown ids). */
export function userName(uid: number, user: string): string {
  if (uid === ROOT_ID) return 'root';
  return uid === USER_ID ? user : String(uid);
}

/** Name of a gid as /etc/group on an emulated host lists it. */
export function groupName(gid: number, user: string): string {
  if (gid === ROOT_ID) return 'root';
  if (gid === SUDO_GID) return 'sudo';
  return gid === USER_ID ? user : String(gid);
}

/** Resolves a user name or number to a uid, or undefined when the host has no such user. */
export function lookupUser(name: string, user: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  if (name === 'root') return ROOT_ID;
  return name === user ? USER_ID : undefined;
}

/** Resolves a group name or number to a gid, or undefined when the host has no such group. */
export function lookupGroup(name: string, user: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  if (name === 'root') return ROOT_ID;
  if (name === 'sudo') return SUDO_GID;
  return name === user ? USER_ID : undefined;
}
