// Stored and served certificates compared as certificates: line endings and text around the armour do not count.
import { X509Certificate, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pemCertificateSha256 } from '../../../engine/cybertrace/balancer/pem-certificate.js';
import { WEB_CERT, WEB_CERT_PREVIOUS } from '../../../lab/trees/lab-pki.js';

describe('pemCertificateSha256', () => {
  it("is the SHA-256 of the certificate's DER, the same for LF, CRLF and labelled files", () => {
    const der = new X509Certificate(WEB_CERT).raw;
    const expected = createHash('sha256').update(der).digest('hex');
    expect(pemCertificateSha256(Buffer.from(WEB_CERT))).toBe(expected);
    expect(pemCertificateSha256(Buffer.from(WEB_CERT.replace(/\n/g, '\r\n')))).toBe(expected);
    expect(pemCertificateSha256(Buffer.from(WEB_CERT.slice(WEB_CERT.indexOf('-----BEGIN'))))).toBe(expected);
    expect(pemCertificateSha256(Buffer.from(WEB_CERT_PREVIOUS))).not.toBe(expected);
  });

  it('is undefined for a file without a certificate block', () => {
    expect(pemCertificateSha256(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toBeUndefined();
    expect(pemCertificateSha256(Buffer.alloc(0))).toBeUndefined();
  });
});
