import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CmsFormatError, parseSignedData } from '../../../engine/report/cms/parse-signed-data.js';
import { signDetached } from '../../../engine/report/cms/sign-detached.js';
import { checkSignedData } from '../../../engine/report/cms/verify-signed-data.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { certificatePem } from '../../../engine/report/identity/signing-identity.js';
import { flipByte, missingBinary, run } from './tools.js';

const noOpenssl = missingBinary('openssl', 'version');
const content = Buffer.from('{\n  "evidence": "the exact bytes"\n}\n');
const digest = createHash('sha256').update(content).digest();
const signingTime = new Date('2026-11-28T09:30:00.000Z');
let identity: SigningIdentity;
let signature: Buffer;

beforeAll(async () => {
  identity = await createSelfSignedIdentity('Jane Engineer');
  signature = signDetached(content, identity, signingTime);
}, 60_000);

describe('detached CMS signature', () => {
  it('parses back with the signer certificate, SHA-256 messageDigest and signing time, and verifies', () => {
    const parsed = parseSignedData(signature);
    expect(parsed.signerCertificate.equals(identity.certificateDer)).toBe(true);
    expect(parsed.messageDigest.equals(digest)).toBe(true);
    expect(parsed.signingTime.toISOString()).toBe('2026-11-28T09:30:00.000Z');
    expect(parsed.length).toBe(signature.length);
    expect(checkSignedData(parsed, digest)).toEqual({ ok: true });
  });

  it('says "digest" when the content changed', () => {
    const check = checkSignedData(parseSignedData(signature), createHash('sha256').update('other').digest());
    expect(check).toMatchObject({ ok: false, problem: 'digest-mismatch' });
  });

  it('refuses trailing bytes unless the caller checks them (PDF padding)', () => {
    const padded = Buffer.concat([signature, Buffer.alloc(16)]);
    expect(() => parseSignedData(padded)).toThrow(new CmsFormatError('16 byte(s) after the signature'));
    expect(parseSignedData(padded, true).length).toBe(signature.length);
  });

  it('rejects every single-byte change anywhere in the signature file', () => {
    const accepted: number[] = [];
    for (let position = 0; position < signature.length; position += 1) {
      const tampered = flipByte(signature, position);
      let ok = false;
      try {
        ok = checkSignedData(parseSignedData(tampered), digest).ok;
      } catch (error) {
        if (!(error instanceof CmsFormatError)) throw error;
      }
      if (ok) accepted.push(position);
    }
    expect(accepted).toEqual([]);
  });

  describe.skipIf(noOpenssl !== undefined)(`with OpenSSL${noOpenssl ? ` (skipped: ${noOpenssl})` : ''}`, () => {
    it('verifies with openssl cms -verify, with -noverify and with the certificate as -CAfile; fails on other content', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ctha-cms-'));
      writeFileSync(join(dir, 'evidence.json'), content);
      writeFileSync(join(dir, 'evidence.json.p7s'), signature);
      writeFileSync(join(dir, 'signer.pem'), certificatePem(identity.certificateDer));
      const base = [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'evidence.json.p7s',
        '-content',
        'evidence.json',
        '-out',
        '/dev/null',
      ];
      for (const extra of [['-noverify'], ['-CAfile', 'signer.pem']]) {
        const result = run('openssl', [...base, ...extra], dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toContain('CMS Verification successful');
      }
      const attrs = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'evidence.json.p7s'], dir).stdout;
      for (const name of ['contentType', 'signingTime', 'messageDigest', 'sha256']) expect(attrs).toContain(name);
      writeFileSync(join(dir, 'evidence.json'), Buffer.concat([content, Buffer.from(' ')]));
      expect(run('openssl', [...base, '-noverify'], dir).status).not.toBe(0);
    });
  });
});
