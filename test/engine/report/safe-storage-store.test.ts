// electron/safe-storage.ts with a stand-in for Electron's safeStorage: the store's own logic (refusing
// basic_text, sealing, reuse, owner check). Electron's real keychain backends cannot run on this machine.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SafeStorageLike } from '../../../electron/safe-storage.js';
import { SAFE_IDENTITY_FILE, safeStorageIdentityStore } from '../../../electron/safe-storage.js';
import { tempDir } from './bundle-fixture.js';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

// AES-GCM under a key held in memory, as an OS keychain would hold it.
function fakeSafeStorage(backend: Backend, available = true): SafeStorageLike & { calls: string[] } {
  const key = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain: string) => {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      calls.push('decrypt');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return { shouldReEncrypt: false, result: Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8') };
    },
  };
}

describe('desktop product identity on safeStorage (stand-in backend)', () => {
  it("refuses Linux's basic_text backend (a fixed password) and an unavailable store, creating nothing", async () => {
    const dir = tempDir('safe');
    await expect(safeStorageIdentityStore(fakeSafeStorage('basic_text'), dir, 'linux').loadOrCreate('Jane Engineer')).rejects.toThrow(
      /backend is "basic_text", which would protect the key with a fixed, publicly known password/,
    );
    await expect(
      safeStorageIdentityStore(fakeSafeStorage('gnome_libsecret', false), dir, 'linux').loadOrCreate('Jane Engineer'),
    ).rejects.toThrow('secret store is not available');
    expect(existsSync(join(dir, SAFE_IDENTITY_FILE))).toBe(false);
  });

  it('creates a sealed identity (0600) on first use, reuses it, and refuses it to another engineer', async () => {
    const dir = tempDir('safe');
    const storage = fakeSafeStorage('gnome_libsecret');
    const store = safeStorageIdentityStore(storage, dir, 'linux');
    const first = await store.loadOrCreate('Jane Engineer');
    expect(first.created).toBe(true);
    const path = join(dir, SAFE_IDENTITY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).toString('latin1')).not.toMatch(/passphrase|p12/);
    const again = await store.loadOrCreate('Jane Engineer');
    expect(again.created).toBe(false);
    expect(again.identity.certificateDer.equals(first.identity.certificateDer)).toBe(true);
    expect(storage.calls).toEqual(['encrypt', 'decrypt']);
    await expect(store.loadOrCreate('John Other')).rejects.toThrow('belongs to "Jane Engineer", not "John Other"');
    // Another keyring (another user or computer) cannot open it, and says so.
    await expect(safeStorageIdentityStore(fakeSafeStorage('kwallet5'), dir, 'linux').loadOrCreate('Jane Engineer')).rejects.toThrow(
      `${path} cannot be decrypted with this user's keyring`,
    );
    // Windows and macOS have no basic_text backend to refuse.
    const windows = { ...storage, getSelectedStorageBackend: (): Backend => 'basic_text' };
    expect((await safeStorageIdentityStore(windows, dir, 'win32').loadOrCreate('Jane Engineer')).created).toBe(false);
  }, 60_000);
});
