// The desktop app's product identity: the PKCS#12 bytes and a random passphrase, encrypted together with
// Electron's async safeStorage (the OS keychain / DPAPI / libsecret or KWallet) in the user-data folder.
// UNTESTED here: no Electron binary runs on the build machine; only the type checker has seen this file.
// On Linux it refuses the `basic_text` backend, which "encrypts" with a fixed, public password.
import type { SafeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IdentityError, identityToP12, loadP12Identity } from '../engine/report/identity/p12.js';
import { readIfExists, writePrivateFile } from '../engine/report/identity/private-file.js';
import type { ProductIdentityResult, ProductIdentityStore } from '../engine/report/identity/product-identity.js';
import { createSelfSignedIdentity } from '../engine/report/identity/self-signed.js';
import { certificateCommonName } from '../engine/report/identity/signing-identity.js';

/** The part of Electron's safeStorage this store uses (async calls only; the sync ones are deprecated in Electron 45). */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

/** File name of the encrypted identity in the app's user-data folder. */
export const SAFE_IDENTITY_FILE = 'report-identity.safe';

interface Sealed {
  readonly version: 1;
  readonly p12: string;
  readonly passphrase: string;
}

/**
 * Why safeStorage cannot keep a secret here, or undefined when it can: no OS secret store at all, or (Linux)
 * the `basic_text`/`unknown` backend, which "encrypts" with a fixed, publicly known password.
 */
export async function safeStorageWeakness(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): Promise<{ readonly kind: 'no-store' } | { readonly kind: 'weak-backend'; readonly backend: string } | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { kind: 'no-store' };
  if (platform !== 'linux') return undefined;
  const backend = safeStorage.getSelectedStorageBackend();
  return backend === 'basic_text' || backend === 'unknown' ? { kind: 'weak-backend', backend } : undefined;
}

/** A product identity store on Electron safeStorage; pass `safeStorage` and `app.getPath('userData')` after `app` is ready. */
export function safeStorageIdentityStore(
  safeStorage: SafeStorageLike,
  userDataDir: string,
  platform: NodeJS.Platform = process.platform,
): ProductIdentityStore {
  const path = join(userDataDir, SAFE_IDENTITY_FILE);
  const ensureUsable = async (): Promise<void> => {
    const weakness = await safeStorageWeakness(safeStorage, platform);
    if (weakness?.kind === 'no-store')
      throw new IdentityError(
        "the operating system's secret store is not available, so the signing identity cannot be kept safely; sign with your own PKCS#12 file instead",
      );
    if (weakness?.kind === 'weak-backend')
      throw new IdentityError(
        `no desktop keyring is available (Electron's safeStorage backend is "${weakness.backend}", which would protect the key with a fixed, publicly known password); unlock or install GNOME Keyring or KWallet, or sign with your own PKCS#12 file`,
      );
  };
  return {
    location: path,
    async loadOrCreate(engineerName: string): Promise<ProductIdentityResult> {
      await ensureUsable();
      const existing = await readIfExists(path);
      if (existing !== undefined) {
        let sealed: Sealed;
        try {
          sealed = JSON.parse((await safeStorage.decryptStringAsync(existing)).result) as Sealed;
        } catch {
          throw new IdentityError(
            `${path} cannot be decrypted with this user's keyring (another user, another computer, or a reset keyring); move it away to create a new identity, or sign with your own PKCS#12 file`,
          );
        }
        if (sealed.version !== 1) throw new IdentityError(`${path} was written by a newer version of the app`);
        const identity = loadP12Identity(Buffer.from(sealed.p12, 'base64'), sealed.passphrase, path);
        const owner = certificateCommonName(identity.certificateDer);
        if (owner !== engineerName.trim())
          throw new IdentityError(
            `the app's signing identity belongs to "${owner}", not "${engineerName.trim()}"; sign with your own PKCS#12 file`,
          );
        return { identity, created: false, warnings: [] };
      }
      const identity = await createSelfSignedIdentity(engineerName);
      // The passphrase only protects the PKCS#12 inside the sealed blob; safeStorage's key protects both.
      const passphrase = randomBytes(32).toString('base64url');
      const sealed: Sealed = { version: 1, p12: identityToP12(identity, passphrase).toString('base64'), passphrase };
      await writePrivateFile(path, await safeStorage.encryptStringAsync(JSON.stringify(sealed)));
      return { identity, created: true, warnings: [] };
    },
  };
}
