import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentityPath, identityFileStore } from '../../../engine/report/identity/identity-file-store.js';
import { IdentityError, identityToP12, loadP12Identity } from '../../../engine/report/identity/p12.js';
import { resolveIdentity } from '../../../engine/report/identity/resolve-identity.js';
import { createSelfSignedIdentity } from '../../../engine/report/identity/self-signed.js';
import type { SigningIdentity } from '../../../engine/report/identity/signing-identity.js';
import { certificateCommonName, describeCertificate } from '../../../engine/report/identity/signing-identity.js';
import { missingBinary, run } from './tools.js';

const noOpenssl = missingBinary('openssl', 'version');
const withOpenssl = (name: string): string => (noOpenssl ? `${name} (skipped: ${noOpenssl})` : name);

let identity: SigningIdentity;
beforeAll(async () => {
  identity = await createSelfSignedIdentity('Jürgen Müller', new Date('2026-11-28T09:00:00Z'));
}, 60_000);

describe('self-signed identity', () => {
  it('is RSA 3072, self-signed, named after the engineer (UTF-8), valid five years from an hour before now', () => {
    expect(identity.privateKey.asymmetricKeyType).toBe('rsa');
    expect(identity.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const summary = describeCertificate(identity.certificateDer);
    expect(summary.selfSigned).toBe(true);
    expect(certificateCommonName(identity.certificateDer)).toBe('Jürgen Müller');
    expect(summary.notBefore).toBe('2026-11-28T08:00:00.000Z');
    expect(summary.notAfter).toBe('2031-11-28T09:00:00.000Z');
    const cert = new X509Certificate(identity.certificateDer);
    expect(cert.checkPrivateKey(identity.privateKey)).toBe(true);
    expect(summary.sha256Fingerprint).toBe(cert.fingerprint256);
  });

  it(withOpenssl('carries CA:FALSE and digitalSignature + nonRepudiation, as openssl reads it'), () => {
    if (noOpenssl) return;
    const dir = mkdtempSync(join(tmpdir(), 'ctha-identity-'));
    writeFileSync(join(dir, 'c.pem'), new X509Certificate(identity.certificateDer).toString());
    const text = run('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-text', '-nameopt', 'utf8']).stdout;
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('Digital Signature, Non Repudiation');
    expect(text).toContain('Public-Key: (3072 bit)');
    expect(text).toContain('CN=Jürgen Müller');
  });

  it('refuses an empty or overlong engineer name', async () => {
    await expect(createSelfSignedIdentity('  ')).rejects.toThrow("a signing identity needs the engineer's name");
    await expect(createSelfSignedIdentity('x'.repeat(65))).rejects.toThrow('longer than a certificate allows');
  });
});

describe('PKCS#12', () => {
  it('round-trips an identity and refuses a wrong passphrase without echoing it', () => {
    const p12 = identityToP12(identity, 'correct horse battery');
    const back = loadP12Identity(p12, 'correct horse battery');
    expect(back.certificateDer.equals(identity.certificateDer)).toBe(true);
    expect(
      back.privateKey.export({ type: 'pkcs8', format: 'der' }).equals(identity.privateKey.export({ type: 'pkcs8', format: 'der' })),
    ).toBe(true);
    expect(() => loadP12Identity(p12, 'wrong guess 123', 'me.p12')).toThrow(
      new IdentityError('wrong passphrase for me.p12 (or the file is damaged)'),
    );
    expect(() => loadP12Identity(Buffer.from('not a p12 at all'), 'x', 'junk.p12')).toThrow(/^junk\.p12 is not a readable PKCS#12 file/);
  });

  describe.skipIf(noOpenssl !== undefined)(withOpenssl('files made by OpenSSL 3'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-p12-'));
    const make = (name: string, keyArgs: string[], exportArgs: string[] = []): Buffer => {
      const req = run('openssl', [
        'req',
        '-x509',
        ...keyArgs,
        '-nodes',
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.pem`),
        '-subj',
        '/CN=Field Engineer/O=Integrator',
        '-days',
        '30',
      ]);
      expect(req.status, req.stderr).toBe(0);
      const exported = run('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, `${name}.key`),
        '-in',
        join(dir, `${name}.pem`),
        '-out',
        join(dir, `${name}.p12`),
        '-passout',
        'pass:p12-pass-123',
        ...exportArgs,
      ]);
      expect(exported.status, exported.stderr).toBe(0);
      return readFileSync(join(dir, `${name}.p12`));
    };

    it('reads the default format (PBES2 AES-256, SHA-256 MAC) and the key matches the certificate', () => {
      const loaded = loadP12Identity(make('rsa', ['-newkey', 'rsa:2048']), 'p12-pass-123');
      expect(certificateCommonName(loaded.certificateDer)).toBe('Field Engineer');
      expect(new X509Certificate(loaded.certificateDer).checkPrivateKey(loaded.privateKey)).toBe(true);
    });

    it('writes files OpenSSL reads with the passphrase', () => {
      writeFileSync(join(dir, 'ours.p12'), identityToP12(identity, 'our-pass-456'));
      const read = run('openssl', ['pkcs12', '-in', join(dir, 'ours.p12'), '-passin', 'pass:our-pass-456', '-nokeys', '-clcerts']);
      expect(read.status, read.stderr).toBe(0);
      expect(read.stdout).toContain('-----BEGIN CERTIFICATE-----');
      expect(run('openssl', ['pkcs12', '-in', join(dir, 'ours.p12'), '-passin', 'pass:nope-nope', '-nokeys']).status).not.toBe(0);
    });

    it('accepts a CA-issued certificate exported with its CA, and refuses one without (it could not be checked)', () => {
      const ca = run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'ca.key'),
        '-out',
        join(dir, 'ca.pem'),
        '-subj',
        '/CN=Integrator CA',
        '-days',
        '30',
      ]);
      expect(ca.status, ca.stderr).toBe(0);
      const csr = run('openssl', [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'leaf.key'),
        '-out',
        join(dir, 'leaf.csr'),
        '-subj',
        '/CN=Field Engineer',
      ]);
      expect(csr.status, csr.stderr).toBe(0);
      const signed = run('openssl', [
        'x509',
        '-req',
        '-in',
        join(dir, 'leaf.csr'),
        '-CA',
        join(dir, 'ca.pem'),
        '-CAkey',
        join(dir, 'ca.key'),
        '-CAcreateserial',
        '-out',
        join(dir, 'leaf.pem'),
        '-days',
        '30',
      ]);
      expect(signed.status, signed.stderr).toBe(0);
      const exportP12 = (name: string, extra: string[]): Buffer => {
        const result = run('openssl', [
          'pkcs12',
          '-export',
          '-inkey',
          join(dir, 'leaf.key'),
          '-in',
          join(dir, 'leaf.pem'),
          '-out',
          join(dir, name),
          '-passout',
          'pass:p12-pass-123',
          ...extra,
        ]);
        expect(result.status, result.stderr).toBe(0);
        return readFileSync(join(dir, name));
      };
      const withChain = loadP12Identity(exportP12('chain.p12', ['-certfile', join(dir, 'ca.pem')]), 'p12-pass-123');
      expect(describeCertificate(withChain.certificateDer)).toMatchObject({
        subject: 'CN=Field Engineer',
        issuer: 'CN=Integrator CA',
        selfSigned: false,
      });
      expect(withChain.extraCertificates).toHaveLength(1);
      expect(() => loadP12Identity(exportP12('alone.p12', []), 'p12-pass-123', 'alone.p12')).toThrow(
        /alone\.p12: the certificate that issued the signer's \(CN=Integrator CA\) is not included/,
      );
    });

    it('refuses an ECDSA key with the reason (report signing needs RSA) and a file without a key', () => {
      expect(() => loadP12Identity(make('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']), 'p12-pass-123', 'ec.p12')).toThrow(
        /only RSA keys are supported/,
      );
      const certOnly = run('openssl', [
        'pkcs12',
        '-export',
        '-nokeys',
        '-in',
        join(dir, 'rsa.pem'),
        '-out',
        join(dir, 'cert-only.p12'),
        '-passout',
        'pass:p12-pass-123',
      ]);
      expect(certOnly.status, certOnly.stderr).toBe(0);
      expect(() => loadP12Identity(readFileSync(join(dir, 'cert-only.p12')), 'p12-pass-123', 'cert-only.p12')).toThrow(
        'cert-only.p12 holds no RSA private key',
      );
    });
  });
});

describe('product identity file (CLI)', () => {
  it('lives in $XDG_CONFIG_HOME/ctha (else ~/.config/ctha, %APPDATA%\\ctha on Windows)', () => {
    expect(defaultIdentityPath({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/ctha/identity.p12');
    expect(defaultIdentityPath({ XDG_CONFIG_HOME: 'relative' }, 'linux')).toMatch(/\/\.config\/ctha\/identity\.p12$/);
    expect(defaultIdentityPath({ APPDATA: 'C:\\Users\\e\\AppData\\Roaming' }, 'win32')).toContain('ctha');
  });

  it('is created on first use (0600 in a 0700 folder), reused after, and refused to another engineer or a wrong passphrase', async () => {
    const config = mkdtempSync(join(tmpdir(), 'ctha-xdg-'));
    const path = defaultIdentityPath({ XDG_CONFIG_HOME: config }, 'linux');
    const asked: string[] = [];
    const store = (secret: string): ReturnType<typeof identityFileStore> =>
      identityFileStore(path, async (purpose) => {
        asked.push(purpose);
        return secret;
      });
    const first = await store('a long passphrase').loadOrCreate('Jane Engineer');
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, 'ctha')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path).includes(Buffer.from('a long passphrase'))).toBe(false);
    const again = await store('a long passphrase').loadOrCreate('Jane Engineer');
    expect(again.created).toBe(false);
    expect(again.identity.certificateDer.equals(first.identity.certificateDer)).toBe(true);
    expect(asked).toEqual(['create', 'unlock']);
    await expect(store('a long passphrase').loadOrCreate('John Other')).rejects.toThrow(
      `the identity in ${path} belongs to "Jane Engineer", not "John Other"`,
    );
    await expect(store('not the passphrase').loadOrCreate('Jane Engineer')).rejects.toThrow(`wrong passphrase for ${path}`);
    chmodSync(path, 0o644);
    expect((await store('a long passphrase').loadOrCreate('Jane Engineer')).warnings).toEqual([
      `${path} can be read by other users (mode 644); run: chmod 600 ${path}`,
    ]);
  }, 60_000);

  it('refuses a short passphrase for a new identity and writes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ctha-xdg-')), 'ctha', 'identity.p12');
    await expect(identityFileStore(path, async () => 'short').loadOrCreate('Jane Engineer')).rejects.toThrow('at least 8 characters');
    expect(existsSync(path)).toBe(false);
  });

  it('resolveIdentity reads a PKCS#12 file, remembers the passphrase typed (to keep it out of the bundle), and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-resolve-'));
    writeFileSync(join(dir, 'me.p12'), identityToP12(identity, 'passphrase-789'));
    const resolved = await resolveIdentity({ kind: 'p12', path: join(dir, 'me.p12') }, 'ignored for p12', async ({ purpose, path }) => {
      expect([purpose, path]).toEqual(['unlock', join(dir, 'me.p12')]);
      return 'passphrase-789';
    });
    expect(resolved.passphrases).toEqual(['passphrase-789']);
    expect(resolved.identity.certificateDer.equals(identity.certificateDer)).toBe(true);
    await expect(resolveIdentity({ kind: 'p12', path: join(dir, 'none.p12') }, 'x', async () => 'x')).rejects.toThrow(
      `PKCS#12 file ${join(dir, 'none.p12')} not found`,
    );
  });
});
