// The OpenSSH `SHA256:` fingerprint of a host key, the only form people can compare by eye with
// what `ssh-keygen -lf` prints on the host (ssh2's `hostHash` gives hex, which nobody can).
import { createHash } from 'node:crypto';

/** The fingerprint syntax `ssh-keygen -lf` prints: `SHA256:` and 43 unpadded base64 characters. */
export const SHA256_FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** A raw key blob that does not have the SSH wire format (string type, then key fields). */
export class MalformedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedKeyError';
  }
}

/** OpenSSH `SHA256:` fingerprint of a raw public key blob (what ssh2 passes to `hostVerifier`). */
export function fingerprintOf(rawKey: Uint8Array): string {
  if (rawKey.length === 0) throw new MalformedKeyError('the host key is empty');
  const digest = createHash('sha256').update(rawKey).digest('base64');
  // ssh-keygen strips the padding; a fingerprint with "=" would never compare equal to its output.
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type named at the start of a raw public key blob, e.g. `ssh-ed25519`. */
export function keyTypeOf(rawKey: Uint8Array): string {
  const bytes = Buffer.from(rawKey.buffer, rawKey.byteOffset, rawKey.byteLength);
  if (bytes.length < 4) throw new MalformedKeyError('the host key is shorter than its type field');
  const length = bytes.readUInt32BE(0);
  // Real type names are short ASCII words; a huge length means this is not an SSH key blob.
  if (length === 0 || length > 64 || bytes.length < 4 + length) {
    throw new MalformedKeyError('the host key does not start with a key type name');
  }
  const type = bytes.subarray(4, 4 + length).toString('latin1');
  if (!/^[\x21-\x7e]+$/.test(type)) throw new MalformedKeyError('the host key type name is not printable ASCII');
  return type;
}

/** Fingerprint and type of a raw key blob, both checked. */
export function describeKey(rawKey: Uint8Array): { readonly type: string; readonly fingerprint: string } {
  return { type: keyTypeOf(rawKey), fingerprint: fingerprintOf(rawKey) };
}
