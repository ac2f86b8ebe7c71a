import { describe, expect, it } from 'vitest';
import { describeKey, fingerprintOf, keyTypeOf, MalformedKeyError, SHA256_FINGERPRINT } from '../../../engine/ssh/host-keys/fingerprint.js';
import { makeKey } from './keys.js';

describe('fingerprintOf and keyTypeOf', () => {
  it.each(['ed25519', 'rsa', 'ecdsa'] as const)('match ssh-keygen -lf for a %s key', (kind) => {
    const key = makeKey(kind);
    expect(fingerprintOf(key.raw)).toBe(key.keygenFingerprint);
    expect(fingerprintOf(key.raw)).toMatch(SHA256_FINGERPRINT);
    expect(keyTypeOf(key.raw)).toBe(key.type);
    expect(describeKey(key.raw)).toEqual({ type: key.type, fingerprint: key.keygenFingerprint });
  });

  it('strips the base64 padding as ssh-keygen does', () => {
    expect(fingerprintOf(Buffer.from('x'))).toBe('SHA256:LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const key = makeKey();
    const padded = Buffer.concat([Buffer.from('junk'), key.raw, Buffer.from('tail')]);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 4, key.raw.length);
    expect(describeKey(view)).toEqual({ type: 'ssh-ed25519', fingerprint: key.keygenFingerprint });
  });

  it('refuses blobs that are not SSH keys', () => {
    expect(() => fingerprintOf(Buffer.alloc(0))).toThrow(MalformedKeyError);
    expect(() => keyTypeOf(Buffer.from([0, 0]))).toThrow(MalformedKeyError);
    expect(() => keyTypeOf(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x41]))).toThrow(/does not start with a key type/);
    expect(() => keyTypeOf(Buffer.from([0, 0, 0, 3, 0x41, 0x0a, 0x42]))).toThrow(/not printable ASCII/);
  });
});
