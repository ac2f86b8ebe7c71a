// Where the desktop app keeps SSH login passwords between sessions when the engineer asks it to (off by default).
import type { CredentialSnapshot } from './credential-memory.js';

/**
 * An encrypted store of one snapshot of the credential memory. Only the Electron main process gives one
 * (electron/credential-vault.ts, on safeStorage); the browser mode and the CLI have none. The file's
 * existence is the "remember" setting: off means no file.
 */
export interface CredentialVault {
  /** Why the vault cannot be used on this computer now (no keychain, Linux's basic_text backend), or undefined. */
  unavailableReason(): Promise<string | undefined>;
  /** The stored snapshot, or undefined when none is stored (remembering is off); throws when it cannot be decrypted. */
  read(): Promise<CredentialSnapshot | undefined>;
  /** Replaces the stored snapshot (encrypted, owner-only). */
  write(snapshot: CredentialSnapshot): Promise<void>;
  /** Deletes the stored snapshot (remembering turned off). */
  remove(): Promise<void>;
}
