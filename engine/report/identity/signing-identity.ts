import { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { SignerSummary } from '../../../shared/report/verification.js';

/** A certificate and its private key, in memory only; both signatures of a bundle are made with one. */
export interface SigningIdentity {
  /** The signer's certificate (node-forge form, which CMS building needs). */
  readonly certificate: forge.pki.Certificate;
  /** The same certificate's DER bytes. */
  readonly certificateDer: Buffer;
  /** The RSA private key; a KeyObject never prints its material. */
  readonly privateKey: KeyObject;
  /** Other certificates of the PKCS#12 file (the issuing chain), included in the signatures. */
  readonly extraCertificates: readonly forge.pki.Certificate[];
}

/** The DER bytes of a node-forge certificate. */
export function certificateToDer(certificate: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
}

/** The certificate as a PEM block (for VERIFY.txt and `openssl -CAfile`). */
export function certificatePem(der: Uint8Array): string {
  return new X509Certificate(der).toString();
}

/** Subject, issuer, validity and SHA-256 fingerprint of a certificate, as people and `openssl x509 -fingerprint -sha256` see them. */
export function describeCertificate(der: Uint8Array): SignerSummary {
  const cert = new X509Certificate(der);
  return {
    subject: cert.subject.replaceAll('\n', ', '),
    issuer: cert.issuer.replaceAll('\n', ', '),
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    sha256Fingerprint: cert.fingerprint256,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/** The certificate's common name (CN), or its whole subject when it has none. */
export function certificateCommonName(der: Uint8Array): string {
  const subject = new X509Certificate(der).subject;
  const cn = subject.split('\n').find((part) => part.startsWith('CN='));
  return cn === undefined ? subject.replaceAll('\n', ', ') : cn.slice(3);
}
