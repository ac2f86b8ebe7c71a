// Keeps the engine's credential memory in the desktop app's vault while the engineer has turned remembering on.
import type { CredentialMemory } from './credential-memory.js';
import type { CredentialVault } from './credential-vault.js';

/** What `credentials.remember` answers. */
export interface RememberState {
  readonly available: boolean;
  readonly enabled: boolean;
  readonly reason?: string;
}

/** Why a front end without a vault cannot remember passwords. */
export const NO_VAULT_REASON =
  "only the desktop app can keep passwords between sessions (encrypted with the operating system's keychain); here they are kept in memory until the engine stops";

/**
 * The remember setting and its writer. With a vault, the stored snapshot is read once at start (`loaded`:
 * logins wait for it) and, while remembering is on, every change of the memory is written (one write at a
 * time, the newest state last). Without a vault everything answers unavailable and nothing is written.
 */
export class CredentialPersistence {
  readonly loaded: Promise<void>;
  #enabled = false;
  #problem: string | undefined;
  // Why the last write of the memory failed (cleared by the next one that succeeds): the vault then holds an older state.
  #writeFailure: string | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly memory: CredentialMemory,
    private readonly vault: CredentialVault | undefined,
  ) {
    this.loaded = vault === undefined ? Promise.resolve() : this.#load(vault);
    memory.onChange(() => {
      if (this.#enabled) this.#queueWrite();
    });
  }

  /** The setting as it stands: available or why not, on or off. */
  async state(): Promise<RememberState> {
    await this.loaded;
    if (this.vault === undefined) return { available: false, enabled: false, reason: NO_VAULT_REASON };
    const reason = await this.vault.unavailableReason();
    if (reason !== undefined) return { available: false, enabled: false, reason };
    return { available: true, enabled: this.#enabled, ...(this.#problem === undefined ? {} : { reason: this.#problem }) };
  }

  /** Turns remembering on (the memory's passwords written now) or off (the stored file deleted); unavailable: nothing changes. */
  async setEnabled(enabled: boolean): Promise<RememberState> {
    const now = await this.state();
    if (!now.available || this.vault === undefined) return now;
    const vault = this.vault;
    this.#enabled = enabled;
    this.#problem = undefined;
    if (enabled) this.#queueWrite();
    else
      this.#writes = this.#writes
        .then(async () => {
          await vault.remove();
          this.#writeFailure = undefined;
        })
        .catch((error: unknown) => {
          this.#problem = `the stored passwords could not be deleted (${error instanceof Error ? error.message : String(error)})`;
        });
    await this.flushed();
    return this.state();
  }

  /** Resolves when every write queued so far has ended (a failure is kept as the state's reason). */
  async flushed(): Promise<void> {
    await this.#writes;
  }

  /**
   * Resolves when every write queued so far has ended and the vault holds what the memory holds; throws with
   * the reason when the last write failed (the vault then still holds an older state, say passwords forgotten since).
   */
  async persisted(): Promise<void> {
    await this.#writes;
    if (this.#writeFailure !== undefined) throw new Error(this.#writeFailure);
  }

  async #load(vault: CredentialVault): Promise<void> {
    try {
      // No file, no keychain access: the OS keychain is only touched once the engineer turned remembering on.
      const stored = await vault.read();
      if (stored === undefined) return;
      this.memory.restore(stored);
      this.#enabled = true;
    } catch (error) {
      // A file this keyring cannot open is not used; turning remembering off deletes it, on replaces it.
      this.#problem = `the stored passwords could not be read (${error instanceof Error ? error.message : String(error)}); they are not used`;
    }
  }

  #queueWrite(): void {
    const vault = this.vault;
    if (vault === undefined) return;
    this.#writes = this.#writes
      .then(async () => {
        await vault.write(this.memory.snapshot());
        this.#writeFailure = undefined;
      })
      .catch((error: unknown) => {
        this.#problem = `the passwords could not be stored (${error instanceof Error ? error.message : String(error)})`;
        this.#writeFailure = this.#problem;
      });
  }
}
