// The desktop app's store of SSH login passwords between sessions: one file in the user-data folder, encrypted
// with Electron's async safeStorage (OS keychain / DPAPI / libsecret or KWallet), owner-only (0600).
// Only written while the engineer has turned "remember" on; never on Linux's `basic_text` backend.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CredentialSnapshot } from '../engine/ssh/credentials/credential-memory.js';
import type { CredentialVault } from '../engine/ssh/credentials/credential-vault.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../engine/util/atomic-write.js';
import type { SafeStorageLike } from './safe-storage.js';
import { safeStorageWeakness } from './safe-storage.js';

/** File name of the encrypted passwords in the app's user-data folder. */
export const CREDENTIAL_VAULT_FILE = 'ssh-credentials.safe';

interface Sealed extends CredentialSnapshot {
  readonly version: 1;
}

/**
 * A credential vault on safeStorage; `userDataDir` is the folder or a function giving it (`app.getPath('userData')`,
 * asked on first use). Reading finds no file without touching the keychain.
 */
export function safeStorageCredentialVault(
  safeStorage: SafeStorageLike,
  userDataDir: string | (() => string),
  platform: NodeJS.Platform = process.platform,
): CredentialVault {
  let resolved: string | undefined;
  const file = (): string => (resolved ??= join(typeof userDataDir === 'string' ? userDataDir : userDataDir(), CREDENTIAL_VAULT_FILE));
  const unavailableReason = async (): Promise<string | undefined> => {
    const weakness = await safeStorageWeakness(safeStorage, platform);
    if (weakness?.kind === 'no-store') return "the operating system's secret store is not available, so passwords are kept in memory only";
    if (weakness?.kind === 'weak-backend')
      return `no desktop keyring is available (Electron's safeStorage backend is "${weakness.backend}", which would protect the passwords with a fixed, publicly known password); unlock or install GNOME Keyring or KWallet`;
    return undefined;
  };
  const usable = async (): Promise<void> => {
    const reason = await unavailableReason();
    if (reason !== undefined) throw new Error(reason);
  };
  return {
    unavailableReason,
    async read() {
      let bytes: Buffer;
      const path = file();
      try {
        bytes = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      await usable();
      let sealed: Sealed;
      try {
        sealed = JSON.parse((await safeStorage.decryptStringAsync(bytes)).result) as Sealed;
      } catch {
        throw new Error(`${path} cannot be decrypted with this user's keyring (another user, another computer, or a reset keyring)`);
      }
      if (sealed.version !== 1 || !Array.isArray(sealed.logins) || !Array.isArray(sealed.users))
        throw new Error(`${path} is not a credential file this version of the app reads`);
      return { logins: sealed.logins, users: sealed.users };
    },
    async write(snapshot) {
      await usable();
      const sealed: Sealed = { version: 1, logins: snapshot.logins, users: snapshot.users };
      await replacePrivateFile(file(), await safeStorage.encryptStringAsync(JSON.stringify(sealed)));
    },
    async remove() {
      await rm(file(), { force: true });
    },
  };
}

// Owner-only from creation, written beside the old file and renamed over it (writeFileAtomic): a reader never sees
// half a file, and on Windows the file gets the owner-only ACL before any byte is in it.
async function replacePrivateFile(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, data, { mode: OWNER_ONLY_MODE });
}
