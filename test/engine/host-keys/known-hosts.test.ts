import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHostsFingerprints, pinsFromKnownHosts } from '../../../engine/ssh/host-keys/known-hosts-lookup.js';
import { parseKnownHosts } from '../../../engine/ssh/host-keys/known-hosts-parse.js';
import type { TestKey } from './keys.js';
import { makeKey, sshKeygen, tempDir } from './keys.js';

const keys = {
  a: makeKey(),
  b: makeKey(),
  c: makeKey(),
  d: makeKey(),
  revoked: makeKey(),
  ca: makeKey(),
  wild: makeKey(),
  rsa: makeKey('rsa'),
};
const entry = (hosts: string, key: TestKey, comment = ''): string => `${hosts} ${key.type} ${key.base64}${comment ? ` ${comment}` : ''}`;

describe('known_hosts', () => {
  const tmp = tempDir();
  let text = '';
  let hashedText = '';

  beforeAll(() => {
    // Hashed lines come from the real `ssh-keygen -H`, run on a temporary file.
    const hashedFile = join(tmp.dir, 'hashed');
    writeFileSync(hashedFile, `${entry('ct3.example.com', keys.c)}\n${entry('[ct4.example.com]:2200', keys.d)}\n`);
    sshKeygen(['-H', '-f', hashedFile]);
    hashedText = readFileSync(hashedFile, 'utf8');
    text = [
      '# engineer laptop known_hosts',
      '',
      entry('ct1.example.com,10.0.0.1', keys.a, 'added by hand'),
      entry('[ct2.example.com]:2222', keys.b),
      hashedText.trimEnd(),
      `@revoked * ${keys.revoked.type} ${keys.revoked.base64}`,
      entry('ct5.example.com', keys.revoked),
      entry('ct5.example.com', keys.rsa),
      `@cert-authority *.example.com ${keys.ca.type} ${keys.ca.base64}`,
      entry('*.lab.example,!evil.lab.example', keys.wild),
      'garbage',
      `broken.example ssh-ed25519 !!!not-base64`,
      `mismatch.example ssh-rsa ${keys.a.base64}`,
      `|1|short|hash ssh-ed25519 ${keys.a.base64}`,
      `@weird host ssh-ed25519 ${keys.a.base64}`,
      '   # indented comment',
    ].join('\n');
  });
  afterAll(() => tmp.remove());

  it('ssh-keygen -H really produced hashed names', () => {
    expect(hashedText).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /m);
    expect(hashedText).not.toContain('example.com');
  });

  it('finds plain, comma-list and [host]:port entries, fingerprinted as ssh-keygen does', () => {
    expect(knownHostsFingerprints(text, 'ct1.example.com', 22).keys).toEqual([
      { type: 'ssh-ed25519', fingerprint: keys.a.keygenFingerprint, line: 3 },
    ]);
    expect(knownHostsFingerprints(text, '10.0.0.1', 22).keys.map((k) => k.fingerprint)).toEqual([keys.a.keygenFingerprint]);
    expect(knownHostsFingerprints(text, 'CT1.Example.COM', 22).keys).toHaveLength(1);
    expect(knownHostsFingerprints(text, 'ct2.example.com', 2222).keys.map((k) => k.fingerprint)).toEqual([keys.b.keygenFingerprint]);
    // A port is part of the name: the same host on 22 or another port is a different entry.
    expect(knownHostsFingerprints(text, 'ct2.example.com', 22).keys).toEqual([]);
    expect(knownHostsFingerprints(text, 'ct1.example.com', 2222).keys).toEqual([]);
  });

  it('finds hashed entries for a bare name and for [host]:port, as ssh-keygen -F does', () => {
    const file = join(tmp.dir, 'all');
    writeFileSync(file, text);
    expect(sshKeygen(['-F', 'ct3.example.com', '-f', file])).toContain(keys.c.base64);
    expect(knownHostsFingerprints(text, 'ct3.example.com', 22).keys.map((k) => k.fingerprint)).toEqual([keys.c.keygenFingerprint]);
    expect(sshKeygen(['-F', '[ct4.example.com]:2200', '-f', file])).toContain(keys.d.base64);
    expect(knownHostsFingerprints(text, 'ct4.example.com', 2200).keys.map((k) => k.fingerprint)).toEqual([keys.d.keygenFingerprint]);
    expect(knownHostsFingerprints(text, 'ct4.example.com', 22).keys).toEqual([]);
    expect(knownHostsFingerprints(text, 'ct3.example.org', 22).keys).toEqual([]);
  });

  it('never returns a @revoked key, even where a plain line lists it', () => {
    const found = knownHostsFingerprints(text, 'ct5.example.com', 22);
    expect(found.keys.map((k) => k.fingerprint)).toEqual([keys.rsa.keygenFingerprint]);
    expect(found.revoked).toEqual([keys.revoked.keygenFingerprint]);
    expect(found.notes).toContainEqual({
      line: 8,
      message: `ssh-ed25519 ${keys.revoked.keygenFingerprint} is listed but also @revoked: refused`,
    });
  });

  it('skips @cert-authority with a note and honours wildcard and negated patterns', () => {
    expect(knownHostsFingerprints(text, 'ct9.example.com', 22).keys).toEqual([]);
    expect(knownHostsFingerprints(text, 'x', 22).notes).toContainEqual({
      line: 10,
      message: expect.stringContaining('@cert-authority') as unknown,
    });
    expect(knownHostsFingerprints(text, 'node7.lab.example', 22).keys.map((k) => k.fingerprint)).toEqual([keys.wild.keygenFingerprint]);
    expect(knownHostsFingerprints(text, 'evil.lab.example', 22).keys).toEqual([]);
  });

  it('reports every bad line with its number and keeps going', () => {
    expect(parseKnownHosts(text).problems).toEqual([
      { line: 12, message: 'expected host names, a key type and a base64 key' },
      { line: 13, message: 'the ssh-ed25519 key is not valid base64' },
      { line: 14, message: 'the line says ssh-rsa but the key is ssh-ed25519' },
      { line: 15, message: 'hashed host name has a salt or hash of the wrong length' },
      { line: 16, message: 'unknown marker "@weird" (expected @revoked or @cert-authority)' },
    ]);
    expect(parseKnownHosts('\u0000\u0001 \uFFFF\n|1|a|b|c x y').problems.map((p) => p.line)).toEqual([1, 2]);
  });

  it('reads a file saved with a BOM and CRLF line ends', () => {
    const windows = `\uFEFF${entry('ct1.example.com', keys.a)}\r\n${entry('[ct2.example.com]:2222', keys.b)}\r\n`;
    expect(knownHostsFingerprints(windows, 'ct1.example.com', 22).keys).toHaveLength(1);
    expect(knownHostsFingerprints(windows, 'ct2.example.com', 2222).keys).toHaveLength(1);
    expect(parseKnownHosts(windows).problems).toEqual([]);
  });

  it('turns the trusted keys of the project hosts into pins', () => {
    const result = pinsFromKnownHosts(text, [
      { host: 'ct1.example.com', port: 22 },
      { host: 'ct4.example.com', port: 2200 },
      { host: 'ct5.example.com', port: 22 },
      { host: 'unknown.example.com', port: 22 },
    ]);
    expect(result.pins).toEqual([
      { host: 'ct1.example.com', port: 22, type: 'ssh-ed25519', fingerprint: keys.a.keygenFingerprint },
      { host: 'ct4.example.com', port: 2200, type: 'ssh-ed25519', fingerprint: keys.d.keygenFingerprint },
      { host: 'ct5.example.com', port: 22, type: 'ssh-rsa', fingerprint: keys.rsa.keygenFingerprint },
    ]);
    expect(result.revoked).toEqual([keys.revoked.keygenFingerprint]);
    expect(result.problems).toHaveLength(5);
    expect(result.notes.filter((note) => note.message.includes('@cert-authority'))).toHaveLength(1);
  });
});
