import { describe, expect, it } from 'vitest';
import { parsePastedFingerprint, pastedMatches } from '../../../engine/ssh/host-keys/pasted-fingerprint.js';
import { makeKey } from './keys.js';

const key = makeKey('ed25519', 'root@ct-node1');
const fp = key.keygenFingerprint;

describe('pasted fingerprints', () => {
  it('accepts the bare SHA256: form', () => {
    expect(parsePastedFingerprint(fp)).toEqual({ ok: true, fingerprint: fp });
    expect(parsePastedFingerprint(`  ${fp}\n`)).toEqual({ ok: true, fingerprint: fp });
    expect(parsePastedFingerprint(`${fp}=`)).toEqual({ ok: true, fingerprint: fp });
  });

  it('accepts a key type before the fingerprint', () => {
    expect(parsePastedFingerprint(`ssh-ed25519 ${fp}`)).toEqual({ ok: true, fingerprint: fp, keyType: 'ssh-ed25519' });
  });

  it('accepts a whole ssh-keygen -lf line, as ssh-keygen prints it', () => {
    expect(key.keygenLine).toBe(`256 ${fp} root@ct-node1 (ED25519)`);
    expect(parsePastedFingerprint(key.keygenLine)).toEqual({ ok: true, fingerprint: fp, keyType: 'ssh-ed25519' });
    const rsa = makeKey('rsa');
    expect(parsePastedFingerprint(rsa.keygenLine)).toEqual({ ok: true, fingerprint: rsa.keygenFingerprint, keyType: 'ssh-rsa' });
    const ecdsa = makeKey('ecdsa');
    expect(parsePastedFingerprint(ecdsa.keygenLine)).toEqual({
      ok: true,
      fingerprint: ecdsa.keygenFingerprint,
      keyType: 'ecdsa-sha2-nistp256',
    });
    expect(parsePastedFingerprint(`256 ${fp} no comment (ED25519)`)).toMatchObject({ ok: true, keyType: 'ssh-ed25519' });
  });

  it("accepts the ssh client's own sentence, trailing period included", () => {
    expect(parsePastedFingerprint(`ED25519 key fingerprint is ${fp}.`)).toEqual({ ok: true, fingerprint: fp, keyType: 'ssh-ed25519' });
  });

  it('refuses MD5 fingerprints with a clear message', () => {
    for (const md5 of [
      'MD5:4c:2d:3e:7a:5b:91:0f:aa:bb:cc:dd:ee:ff:00:11:22',
      '2048 4c:2d:3e:7a:5b:91:0f:aa:bb:cc:dd:ee:ff:00:11:22 root@host (RSA)',
    ]) {
      const result = parsePastedFingerprint(md5);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(/^This is an MD5 fingerprint\. MD5 fingerprints are refused/);
        expect(result.message).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
      }
    }
  });

  it('refuses empty, truncated, several and other-hash fingerprints', () => {
    expect(parsePastedFingerprint('  ')).toMatchObject({ ok: false, message: expect.stringMatching(/^Nothing was pasted/) as unknown });
    expect(parsePastedFingerprint(fp.slice(0, -3))).toEqual({
      ok: false,
      message: 'The fingerprint has 40 characters after "SHA256:"; a complete one has 43. Was it cut off?',
    });
    expect(parsePastedFingerprint(`${fp} ${fp}`)).toMatchObject({ ok: false, message: expect.stringMatching(/More than one/) as unknown });
    expect(parsePastedFingerprint(`${fp}\n${fp}`)).toMatchObject({ ok: false, message: 'Paste one fingerprint at a time (one line).' });
    expect(parsePastedFingerprint('SHA1:abcdefabcdefabcdefabcdefabc')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^No SHA256: fingerprint found/) as unknown,
    });
  });

  it('compares case-sensitively, and the type only when one was pasted', () => {
    const presented = { type: 'ssh-ed25519', fingerprint: fp };
    expect(pastedMatches({ fingerprint: fp }, presented)).toBe(true);
    expect(pastedMatches({ fingerprint: fp, keyType: 'ssh-ed25519' }, presented)).toBe(true);
    expect(pastedMatches({ fingerprint: fp, keyType: 'ssh-rsa' }, presented)).toBe(false);
    const flipped = fp.replace(/[a-z]/, (c) => c.toUpperCase());
    expect(flipped).not.toBe(fp);
    expect(pastedMatches({ fingerprint: flipped }, presented)).toBe(false);
  });
});
