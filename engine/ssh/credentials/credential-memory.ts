// The SSH login passwords a person typed, kept for one engine's life in memory only (never on disk, never in an event).

/** How far a remembered password reaches: its own user@host, or every host logged in to with the same user. */
export type CredentialScope = 'host' | 'user';

/** Every remembered password as plain data (what the desktop app's vault stores encrypted). */
export interface CredentialSnapshot {
  readonly logins: readonly { readonly user: string; readonly host: string; readonly secret: string }[];
  readonly users: readonly { readonly user: string; readonly secret: string }[];
}

/**
 * Login passwords by user@host, and by user alone when the person said "use for every instance with this
 * user". A host-specific answer wins over the user-wide one; a refusal by a host forgets both for that host.
 */
export class CredentialMemory {
  readonly #byHost = new Map<string, string>();
  readonly #byUser = new Map<string, string>();
  readonly #listeners = new Set<() => void>();

  /** The password to try for user@host, or undefined when nothing is remembered for it. */
  recall(user: string, host: string): string | undefined {
    return this.#byHost.get(loginKey(user, host)) ?? this.#byUser.get(user);
  }

  /** Keeps a password a person gave for user@host; `user` scope also offers it to every other host of that user. */
  remember(user: string, host: string, secret: string, scope: CredentialScope = 'host'): void {
    this.#byHost.set(loginKey(user, host), secret);
    if (scope === 'user') this.#byUser.set(user, secret);
    this.#changed();
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
    this.#changed();
  }

  /** Forgets every password (the "Forget credentials" action); returns how many logins were remembered. */
  forget(): number {
    const count = this.size;
    this.#byHost.clear();
    this.#byUser.clear();
    this.#changed();
    return count;
  }

  /** Every remembered password, for the vault. */
  snapshot(): CredentialSnapshot {
    return {
      logins: [...this.#byHost].map(([key, secret]) => {
        const [user = '', host = ''] = key.split('\u0000');
        return { user, host, secret };
      }),
      users: [...this.#byUser].map(([user, secret]) => ({ user, secret })),
    };
  }

  /** Adds a vault's passwords (read at start); an answer given in this session meanwhile wins. Tells no listener. */
  restore(snapshot: CredentialSnapshot): void {
    for (const { user, host, secret } of snapshot.logins)
      if (!this.#byHost.has(loginKey(user, host))) this.#byHost.set(loginKey(user, host), secret);
    for (const { user, secret } of snapshot.users) if (!this.#byUser.has(user)) this.#byUser.set(user, secret);
  }

  /** Calls `listener` after every change (remember, refused, forget); returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    // A listener is the vault's writer: its failure must not break a login.
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // The writer reports its own failures (CredentialPersistence.problem).
      }
    }
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
