import type { KeyObject } from 'node:crypto';
import { X509Certificate, timingSafeEqual, verify } from 'node:crypto';
import type { ParsedSignedData } from './parse-signed-data.js';

/** Why a well-formed signature does not hold. */
export type SignatureProblem = 'certificate-invalid' | 'signature-invalid' | 'digest-mismatch';

/** The outcome of checking a parsed signature against the SHA-256 of the content it claims to sign. */
export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly problem: SignatureProblem; readonly message: string };

/**
 * Checks, in this order, that the signer certificate is sound (it must verify with its own key when
 * self-signed, or with its issuer's certificate, which must then be included), that the signature over the signed
 * attributes verifies with it, and that the messageDigest attribute is the content's SHA-256. The order
 * makes the reason specific: damaged signature bytes say "signature", changed content says "digest".
 * Trust in the certificate itself is the auditor's decision (VERIFY.txt compares its fingerprint).
 */
export function checkSignedData(parsed: ParsedSignedData, contentSha256: Uint8Array): SignatureCheck {
  let certificate: X509Certificate;
  let publicKey: KeyObject;
  try {
    certificate = new X509Certificate(parsed.signerCertificate);
    publicKey = certificate.publicKey;
  } catch (error) {
    return {
      ok: false,
      problem: 'certificate-invalid',
      message: `the signer certificate cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const problem = certificateProblem(certificate, parsed.certificates);
  if (problem !== undefined) return { ok: false, problem: 'certificate-invalid', message: problem };
  let valid: boolean;
  try {
    valid = verify('sha256', parsed.signedAttributes, publicKey, parsed.signature);
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      ok: false,
      problem: 'signature-invalid',
      message: 'the signature over the signed attributes does not verify with the signer certificate',
    };
  if (parsed.messageDigest.length !== contentSha256.length || !timingSafeEqual(parsed.messageDigest, contentSha256)) {
    return {
      ok: false,
      problem: 'digest-mismatch',
      message: `the content's SHA-256 is ${Buffer.from(contentSha256).toString('hex')}, the signature was made over ${parsed.messageDigest.toString('hex')}`,
    };
  }
  return { ok: true };
}

/**
 * Why a signer certificate cannot be trusted to be the one that was issued, or undefined when it can:
 * its issuer (itself, when self-signed) must be among the included certificates and must verify it.
 * Without that, a changed subject in the certificate would go unnoticed.
 */
export function certificateProblem(certificate: X509Certificate, included: readonly Uint8Array[]): string | undefined {
  const named = included
    .map((der) => safeCertificate(der))
    .filter((candidate): candidate is X509Certificate => candidate !== undefined && candidate.subject === certificate.issuer);
  if (named.some((issuer) => signedBy(certificate, issuer))) return undefined;
  const who = certificate.subject.replaceAll('\n', ', ');
  return named.length > 0
    ? `the signer certificate's own signature does not verify (the certificate was altered): ${who}`
    : `the certificate that issued the signer's (${certificate.issuer.replaceAll('\n', ', ')}) is not included, so the signer certificate (${who}) cannot be checked`;
}

function safeCertificate(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

// A damaged certificate can make OpenSSL throw instead of answering false.
function signedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
