// The CLI's product identity: a PKCS#12 file in the user's config folder, mode 0600, protected by a
// passphrase the engineer types or names an environment variable for. The passphrase is never stored.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { IdentityError, identityToP12, loadP12Identity } from './p12.js';
import { readIfExists, writePrivateFile } from './private-file.js';
import type { ProductIdentityResult, ProductIdentityStore } from './product-identity.js';
import { createSelfSignedIdentity } from './self-signed.js';
import { certificateCommonName } from './signing-identity.js';

/** Shortest passphrase accepted when the identity file is created. */
export const MIN_IDENTITY_PASSPHRASE = 8;

/** `$XDG_CONFIG_HOME/ctha/identity.p12` (`~/.config` when unset; `%APPDATA%` on Windows). */
export function defaultIdentityPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'ctha', 'identity.p12');
  const xdg = env['XDG_CONFIG_HOME'];
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(homedir(), '.config'), 'ctha', 'identity.p12');
}

/** How the file store gets the passphrase: asked each time, never kept. */
export type PassphraseSource = (purpose: 'unlock' | 'create') => Promise<string>;

/** A product identity kept as a passphrase-protected PKCS#12 file. */
export function identityFileStore(path: string, passphrase: PassphraseSource, now: () => Date = () => new Date()): ProductIdentityStore {
  return {
    location: path,
    async loadOrCreate(engineerName: string): Promise<ProductIdentityResult> {
      const existing = await readIfExists(path);
      if (existing !== undefined) {
        const warnings: string[] = [];
        const mode = (await stat(path)).mode & 0o777;
        if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
          warnings.push(`${path} can be read by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
        }
        const identity = loadP12Identity(existing, await passphrase('unlock'), path);
        const owner = certificateCommonName(identity.certificateDer);
        if (owner !== engineerName.trim()) {
          throw new IdentityError(
            `the identity in ${path} belongs to "${owner}", not "${engineerName.trim()}"; sign with your own PKCS#12 file (--p12) or move that file away to create yours`,
          );
        }
        return { identity, created: false, warnings };
      }
      const secret = await passphrase('create');
      if (secret.length < MIN_IDENTITY_PASSPHRASE)
        throw new IdentityError(`the passphrase for a new identity must have at least ${MIN_IDENTITY_PASSPHRASE} characters`);
      const identity = await createSelfSignedIdentity(engineerName, now());
      await writePrivateFile(path, identityToP12(identity, secret));
      return { identity, created: true, warnings: [] };
    },
  };
}
