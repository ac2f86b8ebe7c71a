import { describe, expect, it } from 'vitest';
import { decideHostKey } from '../../../engine/ssh/host-keys/decision.js';
import { hostKeyAlgorithmsFor } from '../../../engine/ssh/host-keys/host-key-algorithms.js';
import { PinConflictError, pinKeys } from '../../../engine/ssh/host-keys/pin-keys.js';
import type { PinnedHostKey } from '../../../shared/project/schema.js';
import { ProjectSchema } from '../../../shared/project/schema.js';
import { validProjectInput } from '../../shared/fixtures.js';
import { makeKey } from './keys.js';

const [a, b, c] = [makeKey(), makeKey(), makeKey('rsa')];
const pin = (host: string, port: number, key = a): PinnedHostKey => ({ host, port, type: key.type, fingerprint: key.keygenFingerprint });
const presented = (host: string, port: number, key = a) => ({ host, port, type: key.type, fingerprint: key.keygenFingerprint });

describe('decideHostKey', () => {
  const pinned = [pin('10.0.0.1', 22), pin('ct2.example', 2222, b)];

  it('is pinned when the endpoint pins this key (host names compare case-insensitively)', () => {
    expect(decideHostKey(pinned, presented('10.0.0.1', 22))).toEqual({ status: 'pinned' });
    expect(decideHostKey(pinned, presented('CT2.Example', 2222, b))).toEqual({ status: 'pinned' });
  });

  it('is new when the endpoint has no pin (another port is another endpoint)', () => {
    expect(decideHostKey(pinned, presented('10.0.0.9', 22))).toEqual({ status: 'new' });
    expect(decideHostKey(pinned, presented('10.0.0.1', 2222))).toEqual({ status: 'new' });
    expect(decideHostKey([], presented('10.0.0.1', 22))).toEqual({ status: 'new' });
  });

  it('is changed, with the contradicted pins, for any other key, even of another type', () => {
    expect(decideHostKey(pinned, presented('10.0.0.1', 22, b))).toEqual({ status: 'changed', pinned: [pinned[0]] });
    expect(decideHostKey(pinned, presented('10.0.0.1', 22, c))).toEqual({ status: 'changed', pinned: [pinned[0]] });
  });

  it('is revoked for a revoked key, even a pinned one', () => {
    const revoked = new Set([a.keygenFingerprint]);
    expect(decideHostKey(pinned, presented('10.0.0.1', 22), revoked)).toEqual({ status: 'revoked' });
    expect(decideHostKey([], presented('10.0.0.5', 22), revoked)).toEqual({ status: 'revoked' });
  });
});

describe('hostKeyAlgorithmsFor', () => {
  it('asks for the pinned types first, then the usual order without DSA', () => {
    expect(hostKeyAlgorithmsFor([], { host: 'h', port: 22 })).toEqual([
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(hostKeyAlgorithmsFor([pin('h', 22, c), pin('other', 22)], { host: 'H', port: 22 }).slice(0, 4)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
      'ssh-ed25519',
    ]);
  });
});

describe('pinKeys', () => {
  const project = ProjectSchema.parse(validProjectInput());

  it('returns a new project with the new pins appended, leaving the original alone', () => {
    const next = pinKeys(project, [pin('10.0.0.1', 22), pin('10.0.0.2', 2222, b)]);
    expect(next).not.toBe(project);
    expect(project.hostKeys).toEqual([]);
    expect(next.hostKeys).toEqual([pin('10.0.0.1', 22), pin('10.0.0.2', 2222, b)]);
    expect(next.instances).toBe(project.instances);
    expect(ProjectSchema.safeParse(next).success).toBe(true);
  });

  it('skips a pin already present and adds a key of another type', () => {
    const once = pinKeys(project, [pin('10.0.0.1', 22)]);
    expect(pinKeys(once, [pin('10.0.0.1', 22)]).hostKeys).toHaveLength(1);
    expect(pinKeys(once, [pin('10.0.0.1', 22, c)]).hostKeys).toHaveLength(2);
  });

  it('refuses to replace a pin of the same type, and refuses malformed pins', () => {
    const once = pinKeys(project, [pin('10.0.0.1', 22)]);
    expect(() => pinKeys(once, [pin('10.0.0.1', 22, b)])).toThrow(PinConflictError);
    expect(() => pinKeys(once, [pin('10.0.0.1', 22, b)])).toThrow(`refusing to pin ${b.keygenFingerprint}`);
    expect(() => pinKeys(project, [{ host: 'h', port: 22, type: 'ssh-ed25519', fingerprint: 'MD5:aa' }])).toThrow();
  });
});
