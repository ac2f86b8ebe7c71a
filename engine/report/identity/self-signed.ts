// The identity the product creates when the engineer has no certificate of their own.
// RSA 3072: node-forge (and so @signpdf's signers) signs CMS with RSA only; poppler's pdfsig and OpenSSL accept it.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { PRODUCT_NAME } from '../../app/version.js';
import type { SigningIdentity } from './signing-identity.js';
import { certificateToDer } from './signing-identity.js';

const generateRsa = promisify(generateKeyPair);

/** How long a product-made certificate is valid. */
export const SELF_SIGNED_VALIDITY_YEARS = 5;

/** Creates an RSA 3072 key and a self-signed certificate whose subject is the engineer's name. */
export async function createSelfSignedIdentity(engineerName: string, now: Date = new Date()): Promise<SigningIdentity> {
  const name = engineerName.trim();
  if (name.length === 0) throw new Error("a signing identity needs the engineer's name");
  if (name.length > 64) throw new Error("the engineer's name is longer than a certificate allows (64 characters)");
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 3072 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive 16-byte serial (the top bit cleared keeps the DER INTEGER positive without padding games).
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x10;
  certificate.serialNumber = serial.toString('hex');
  // An hour of slack: the laptop's clock and a verifier's may disagree a little.
  certificate.validity.notBefore = new Date(now.getTime() - 3_600_000);
  certificate.validity.notAfter = new Date(now.getTime());
  certificate.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + SELF_SIGNED_VALIDITY_YEARS);
  // UTF8String: engineers' names are not always ASCII (node-forge encodes the JavaScript string itself).
  // @types/node-forge types valueTagClass as a class; node-forge reads it as the universal tag number.
  const utf8 = (value: string): { value: string; valueTagClass: forge.asn1.Class } => ({
    value,
    valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  });
  const subject = [
    { name: 'commonName', ...utf8(name) },
    { name: 'organizationName', ...utf8(PRODUCT_NAME) },
    { name: 'organizationalUnitName', ...utf8("Report signing (self-signed on the engineer's computer)") },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), forge.md.sha256.create());
  return { certificate, certificateDer: certificateToDer(certificate), privateKey, extraCertificates: [] };
}
