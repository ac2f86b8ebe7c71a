import { X509Certificate, timingSafeEqual, verify } from 'node:crypto';
import type { ParsedSignedData } from './parse-signed-data.js';

/** Why a well-formed signature does not hold. */
export type SignatureProblem = 'certificate-invalid' | 'signature-invalid' | 'digest-mismatch';

/** The outcome of checking a parsed signature against the SHA-256 of the content it claims to sign. */
export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly problem: SignatureProblem; readonly message: string };

/**
 * Checks, in this order, that the signer certificate is sound (a self-signed one must verify with its own
 * key; one issued by an included certificate must verify with that one), that the signature over the signed
 * attributes verifies with it, and that the messageDigest attribute is the content's SHA-256. The order
 * makes the reason specific: damaged signature bytes say "signature", changed content says "digest".
 * Trust in the certificate itself is the auditor's decision (VERIFY.txt compares its fingerprint).
 */
export function checkSignedData(parsed: ParsedSignedData, contentSha256: Uint8Array): SignatureCheck {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(parsed.signerCertificate);
  } catch (error) {
    return { ok: false, problem: 'certificate-invalid', message: `the signer certificate cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const issuer = certificate.subject === certificate.issuer
    ? certificate
    : parsed.certificates.map((der) => safeCertificate(der)).find((candidate) => candidate !== undefined && candidate.subject === certificate.issuer);
  if (issuer !== undefined && !certificate.verify(issuer.publicKey)) {
    return { ok: false, problem: 'certificate-invalid', message: `the signer certificate's own signature does not verify (the certificate was altered): ${certificate.subject.replaceAll('\n', ', ')}` };
  }
  let valid: boolean;
  try {
    valid = verify('sha256', parsed.signedAttributes, certificate.publicKey, parsed.signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'signature-invalid', message: 'the signature over the signed attributes does not verify with the signer certificate' };
  if (parsed.messageDigest.length !== contentSha256.length || !timingSafeEqual(parsed.messageDigest, contentSha256)) {
    return { ok: false, problem: 'digest-mismatch', message: `the content's SHA-256 is ${Buffer.from(contentSha256).toString('hex')}, the signature was made over ${parsed.messageDigest.toString('hex')}` };
  }
  return { ok: true };
}

function safeCertificate(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}
