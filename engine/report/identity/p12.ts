// PKCS#12 in and out. node-forge builds the CMS structures, and node-forge signs CMS with RSA keys only,
// so an identity must hold an RSA key (the check below says so rather than failing deep in a signature).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { OIDS } from '../cms/oids.js';
import { certificateProblem } from '../cms/verify-signed-data.js';
import type { SigningIdentity } from './signing-identity.js';
import { certificateToDer } from './signing-identity.js';

/** Why a PKCS#12 file could not be used; the message is safe to show (it never holds the passphrase). */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}

/** Reads a PKCS#12 file's RSA key and the certificate that matches it; the passphrase is used and dropped. */
export function loadP12Identity(bytes: Uint8Array, passphrase: string, label = 'the PKCS#12 file'): SigningIdentity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.createBuffer(Buffer.from(bytes).toString('binary'));
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), false, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password/i.test(message))
      throw new IdentityError(`wrong passphrase for ${label} (or the file is damaged)`);
    if (/private key|RSAPrivateKey|Unknown OID|unsupported/i.test(message)) {
      throw new IdentityError(`${label} cannot be used: ${message}; only RSA keys are supported for report signing`);
    }
    throw new IdentityError(`${label} is not a readable PKCS#12 file: ${message}`);
  }
  const keys = [
    ...(p12.getBags({ bagType: OIDS.pkcs8ShroudedKeyBag })[OIDS.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: OIDS.keyBag })[OIDS.keyBag] ?? []),
  ]
    .map((bag) => bag.key)
    .filter((key): key is forge.pki.rsa.PrivateKey => key !== undefined && key !== null && 'n' in key);
  const certificates = (p12.getBags({ bagType: OIDS.certBag })[OIDS.certBag] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined && cert !== null);
  if (keys.length === 0) throw new IdentityError(`${label} holds no RSA private key (only RSA keys are supported for report signing)`);
  if (keys.length > 1) throw new IdentityError(`${label} holds ${keys.length} private keys; export the one signing identity alone`);
  const key = keys[0] as forge.pki.rsa.PrivateKey;
  const matching = certificates.find((cert) => {
    const publicKey = cert.publicKey as Partial<forge.pki.rsa.PublicKey>;
    return publicKey.n !== undefined && publicKey.e !== undefined && publicKey.n.equals(key.n) && publicKey.e.equals(key.e);
  });
  if (matching === undefined) throw new IdentityError(`${label} holds no certificate for its private key`);
  const certificateDer = certificateToDer(matching);
  // A verifier can only tell an altered certificate from the issued one when the issuer travels along.
  const problem = certificateProblem(new X509Certificate(certificateDer), certificates.map(certificateToDer));
  if (problem !== undefined)
    throw new IdentityError(
      `${label}: ${problem}; export the PKCS#12 file with the issuing CA's certificate (openssl pkcs12 -export ... -certfile ca.pem)`,
    );
  return {
    certificate: matching,
    certificateDer,
    privateKey: createPrivateKey(forge.pki.privateKeyToPem(key)),
    extraCertificates: certificates.filter((cert) => cert !== matching),
  };
}

/** Writes an identity as a PKCS#12 file protected by the passphrase (AES-256, 2048 iterations, SHA-1 MAC, as node-forge writes). */
export function identityToP12(identity: SigningIdentity, passphrase: string): Buffer {
  const pem = identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [identity.certificate, ...identity.extraCertificates], passphrase, {
    algorithm: 'aes256',
    friendlyName: 'CTHA report signing',
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
