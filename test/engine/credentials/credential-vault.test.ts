// The desktop app's remembered SSH passwords (issue 13 item 8): electron/credential-vault.ts over a stand-in for
// Electron's safeStorage, through the engine's `credentials.remember` / `credentials.forget` (createEngine + the
// in-process client). Off by default; never on Linux's basic_text backend; 0600; "Forget credentials" empties it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_VAULT_FILE, safeStorageCredentialVault } from '../../../electron/credential-vault.js';
import type { SafeStorageLike } from '../../../electron/safe-storage.js';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import type { CredentialVault } from '../../../engine/ssh/credentials/credential-vault.js';
import { createClient } from '../../../shared/contract/client.js';
import type { EngineEvent } from '../../../shared/contract/events.js';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;
const SECRET = 'lab password 7!';

// AES-GCM under a key held in memory, as an OS keychain would hold it; the same key across "sessions" of one test.
function fakeSafeStorage(backend: Backend, available = true, key = randomBytes(32)): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return { shouldReEncrypt: false, result: Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8') };
    },
  };
}

/** One engine session (as one launch of the desktop app) over `vault`. */
function session(vault: CredentialVault | undefined) {
  const engine = createEngine({ frontEnd: 'electron', ...(vault === undefined ? {} : { credentialVault: vault }) });
  const events: EngineEvent[] = [];
  engine.events.subscribe((event) => events.push(event));
  return { engine, client: createClient(createInProcessBridge(engine)), events };
}

const login = { kind: 'password', instance: 'ct-1', user: 'admin', host: '10.0.0.11', purpose: 'ssh' } as const;

describe('remembered SSH passwords on the desktop (stand-in safeStorage)', () => {
  it("is unavailable without a vault (browser mode, CLI) and on Linux's basic_text backend, writing nothing", async () => {
    const none = session(undefined);
    const answer = await none.client['credentials.remember']({ enabled: true });
    expect(answer).toMatchObject({ available: false, enabled: false });
    expect(answer.reason).toMatch(/only the desktop app can keep passwords/);

    const dir = mkdtempSync(join(tmpdir(), 'ctha-vault-'));
    const basic = session(safeStorageCredentialVault(fakeSafeStorage('basic_text'), dir, 'linux'));
    basic.engine.prompts.credentials.remember('admin', '10.0.0.11', SECRET);
    const refused = await basic.client['credentials.remember']({ enabled: true });
    expect(refused).toMatchObject({ available: false, enabled: false });
    expect(refused.reason).toMatch(/backend is "basic_text", which would protect the passwords with a fixed, publicly known password/);
    const locked = await session(safeStorageCredentialVault(fakeSafeStorage('gnome_libsecret', false), dir, 'linux')).client[
      'credentials.remember'
    ]({ enabled: true });
    expect(locked.reason).toMatch(/secret store is not available/);
    expect(existsSync(join(dir, CREDENTIAL_VAULT_FILE))).toBe(false);
  });

  it('is off by default; turned on it stores the passwords encrypted (0600) and the next session logs in without asking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-vault-'));
    const key = randomBytes(32);
    const vault = () => safeStorageCredentialVault(fakeSafeStorage('gnome_libsecret', true, key), dir, 'linux');
    const first = session(vault());
    expect(await first.client['credentials.remember']({})).toEqual({ available: true, enabled: false });
    first.engine.prompts.credentials.remember('admin', '10.0.0.11', SECRET);
    // Off: nothing reaches the disk.
    expect(existsSync(join(dir, CREDENTIAL_VAULT_FILE))).toBe(false);
    expect(await first.client['credentials.remember']({ enabled: true })).toEqual({ available: true, enabled: true });
    const file = join(dir, CREDENTIAL_VAULT_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(Buffer.from(SECRET))).toBe(false);
    expect(readFileSync(file).includes(Buffer.from('admin'))).toBe(false);

    // The next launch: the login is answered from the vault, no prompt shown.
    const second = session(vault());
    await expect(second.engine.prompts.ask(login)).resolves.toMatchObject({ kind: 'password', secret: SECRET });
    expect(second.events.filter((event) => event.name === 'prompt')).toEqual([]);
    expect(await second.client['credentials.remember']({})).toEqual({ available: true, enabled: true });

    // A key that cannot open the file (another keyring): not used, said so, and a login is asked again.
    const other = session(safeStorageCredentialVault(fakeSafeStorage('gnome_libsecret'), dir, 'linux'));
    const state = await other.client['credentials.remember']({});
    expect(state).toMatchObject({ available: true, enabled: false });
    expect(state.reason).toMatch(/cannot be decrypted with this user's keyring/);
    expect(other.engine.prompts.credentials.recall('admin', '10.0.0.11')).toBeUndefined();
  });

  it('"Forget credentials" empties the vault; turning remembering off deletes the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-vault-'));
    const key = randomBytes(32);
    const vault = () => safeStorageCredentialVault(fakeSafeStorage('gnome_libsecret', true, key), dir, 'linux');
    const first = session(vault());
    await first.client['credentials.remember']({ enabled: true });
    first.engine.prompts.credentials.remember('admin', '10.0.0.11', SECRET, 'user');
    expect(await first.client['credentials.forget']({})).toEqual({ forgotten: 2 });
    const stored = await vault().read();
    expect(stored).toEqual({ logins: [], users: [] });
    // Turned off, even what was answered after the forget is gone from the disk and from the next session.
    first.engine.prompts.credentials.remember('admin', '10.0.0.12', SECRET);
    expect(await first.client['credentials.remember']({ enabled: false })).toEqual({ available: true, enabled: false });
    expect(existsSync(join(dir, CREDENTIAL_VAULT_FILE))).toBe(false);
    const next = session(vault());
    expect(await next.client['credentials.remember']({})).toEqual({ available: true, enabled: false });
    expect(next.engine.prompts.credentials.recall('admin', '10.0.0.12')).toBeUndefined();
  });
  it('"Forget credentials" fails, saying so, when the file could not be emptied: it still holds the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-vault-'));
    const key = randomBytes(32);
    const real = () => safeStorageCredentialVault(fakeSafeStorage('gnome_libsecret', true, key), dir, 'linux');
    let failWrites = false;
    const inner = real();
    // The first write (turning it on) succeeds; the forget's write fails, as a full disk or a locked keychain would.
    const flaky: CredentialVault = {
      ...inner,
      write: async (snapshot) => {
        if (failWrites) throw new Error('disk full');
        return inner.write(snapshot);
      },
    };
    const first = session(flaky);
    first.engine.prompts.credentials.remember('admin', '10.0.0.11', SECRET);
    expect(await first.client['credentials.remember']({ enabled: true })).toEqual({ available: true, enabled: true });
    failWrites = true;
    await expect(first.client['credentials.forget']({})).rejects.toThrow(
      /forgotten in this session, but the file that remembers them on this computer could not be emptied: .*disk full.*turn "Remember passwords on this computer" off/,
    );
    expect(first.engine.prompts.credentials.recall('admin', '10.0.0.11')).toBeUndefined();
    // What the failure is about: the file still holds the password.
    expect((await real().read())?.logins.map((entry) => entry.secret)).toEqual([SECRET]);
    // Turning remembering off deletes it, and a forget then succeeds.
    expect(await first.client['credentials.remember']({ enabled: false })).toEqual({ available: true, enabled: false });
    expect(existsSync(join(dir, CREDENTIAL_VAULT_FILE))).toBe(false);
    expect(await first.client['credentials.forget']({})).toEqual({ forgotten: 0 });
  });
});
