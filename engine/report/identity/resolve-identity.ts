// One way for every front end to get the signing identity the engineer chose, remembering which
// passphrases were typed so the builder can make sure none of them ends up in the bundle.
import { readFile } from 'node:fs/promises';
import { defaultIdentityPath, identityFileStore } from './identity-file-store.js';
import type { PassphraseSource } from './identity-file-store.js';
import { IdentityError, loadP12Identity } from './p12.js';
import type { ProductIdentityStore } from './product-identity.js';
import type { SigningIdentity } from './signing-identity.js';

/** The engineer's PKCS#12 file, or the product's own identity. */
export type IdentityChoice = { readonly kind: 'p12'; readonly path: string } | { readonly kind: 'product' };

/** Asks for a passphrase: which file it unlocks (or protects, when created). */
export type AskPassphrase = (request: { readonly purpose: 'unlock' | 'create'; readonly path: string }) => Promise<string>;

/** The identity, whether it was just created, warnings, and the passphrases typed (to be kept out of the bundle). */
export interface ResolvedIdentity {
  readonly identity: SigningIdentity;
  readonly created: boolean;
  readonly warnings: readonly string[];
  readonly passphrases: readonly string[];
}

/** How the product identity is kept; the CLI's file store unless a front end gives its own (Electron safeStorage). */
export type ProductStoreFactory = (passphrase: PassphraseSource) => ProductIdentityStore;

/** Loads (or, for the product identity, creates on first use) the identity the engineer chose. */
export async function resolveIdentity(
  choice: IdentityChoice,
  engineerName: string,
  ask: AskPassphrase,
  productStore: ProductStoreFactory = (passphrase) => identityFileStore(defaultIdentityPath(), passphrase),
): Promise<ResolvedIdentity> {
  const passphrases: string[] = [];
  const remember = async (purpose: 'unlock' | 'create', path: string): Promise<string> => {
    const secret = await ask({ purpose, path });
    passphrases.push(secret);
    return secret;
  };
  if (choice.kind === 'p12') {
    const bytes = await readFile(choice.path).catch((error: NodeJS.ErrnoException) => {
      throw new IdentityError(
        error.code === 'ENOENT' ? `PKCS#12 file ${choice.path} not found` : `cannot read ${choice.path}: ${error.message}`,
      );
    });
    const identity = loadP12Identity(bytes, await remember('unlock', choice.path), choice.path);
    return { identity, created: false, warnings: [], passphrases };
  }
  let location = '';
  const store = productStore((purpose) => remember(purpose, location));
  location = store.location;
  const result = await store.loadOrCreate(engineerName);
  return { ...result, passphrases };
}
