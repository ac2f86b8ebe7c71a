import type { SigningIdentity } from './signing-identity.js';

/** The product's own signing identity, however a front end keeps it (a passphrase-protected file, Electron safeStorage). */
export interface ProductIdentityStore {
  /** Where it is kept, for messages (never a secret). */
  readonly location: string;
  /**
   * Loads the identity of this engineer, creating it on first use. Refuses when the kept identity
   * belongs to someone else: a report must not be signed in another engineer's name.
   */
  loadOrCreate(engineerName: string): Promise<ProductIdentityResult>;
}

/** The loaded identity and what happened on the way. */
export interface ProductIdentityResult {
  readonly identity: SigningIdentity;
  /** True when it was created just now. */
  readonly created: boolean;
  /** Things the engineer should know (a file readable by others); never secrets. */
  readonly warnings: readonly string[];
}
