import { createHash, randomBytes } from 'node:crypto';
import { generateUsableKeyPair } from '../emulated/keys.js';
import { utils } from '../emulated/ssh2-runtime.js';

/** An SSH key pair in OpenSSH formats. */
export interface KeyPair {
  readonly privateKey: string;
  /** `ssh-ed25519 AAAA...` */
  readonly publicKey: string;
}

/** A fresh Ed25519 key pair (host keys and the lab user's key), one that ssh2 can read back. */
export function newKeyPair(): KeyPair {
  const pair = generateUsableKeyPair();
  return { privateKey: pair.private, publicKey: pair.public };
}

/** A lab-only password: random, long, and free of characters that need quoting anywhere. */
export function newLabPassword(): string {
  return `lab-${randomBytes(12).toString('base64url')}`;
}

/** The `SHA256:` fingerprint of a public key line, exactly as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(publicKey: string): string {
  const parsed = utils.parseKey(publicKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('no key in public key line');
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}
