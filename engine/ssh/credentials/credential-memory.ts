// The SSH login passwords a person typed, kept for one engine's life in memory only (never on disk, never in an event).

/** How far a remembered password reaches: its own user@host, or every host logged in to with the same user. */
export type CredentialScope = 'host' | 'user';

/**
 * Login passwords by user@host, and by user alone when the person said "use for every instance with this
 * user". A host-specific answer wins over the user-wide one; a refusal by a host forgets both for that host.
 */
export class CredentialMemory {
  readonly #byHost = new Map<string, string>();
  readonly #byUser = new Map<string, string>();

  /** The password to try for user@host, or undefined when nothing is remembered for it. */
  recall(user: string, host: string): string | undefined {
    return this.#byHost.get(loginKey(user, host)) ?? this.#byUser.get(user);
  }

  /** Keeps a password a person gave for user@host; `user` scope also offers it to every other host of that user. */
  remember(user: string, host: string, secret: string, scope: CredentialScope = 'host'): void {
    this.#byHost.set(loginKey(user, host), secret);
    if (scope === 'user') this.#byUser.set(user, secret);
  }

  /**
   * A host refused the password it was given: forget it for that user@host and, when it was the user-wide
   * one, for the user too (the other hosts will be asked rather than tried with a password known to fail somewhere).
   */
  refused(user: string, host: string): void {
    const key = loginKey(user, host);
    const tried = this.#byHost.get(key) ?? this.#byUser.get(user);
    this.#byHost.delete(key);
    if (tried !== undefined && this.#byUser.get(user) === tried) this.#byUser.delete(user);
  }

  /** Forgets every password (the "Forget credentials" action); returns how many logins were remembered. */
  forget(): number {
    const count = this.size;
    this.#byHost.clear();
    this.#byUser.clear();
    return count;
  }

  /** Remembered entries: one per user@host plus one per user-wide answer. */
  get size(): number {
    return this.#byHost.size + this.#byUser.size;
  }
}

// user@host as one map key; a NUL cannot appear in either (SSH user names and host names carry no NUL).
function loginKey(user: string, host: string): string {
  return `${user}\u0000${host}`;
}
