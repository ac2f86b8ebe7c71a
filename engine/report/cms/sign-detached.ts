// A detached CMS SignedData (DER) over some bytes: SHA-256, signed attributes contentType, signingTime and
// messageDigest (in that order, which is also their DER SET OF order, so OpenSSL's re-encoding matches),
// the signer certificate (and its chain) included. The same function signs evidence.json and report.pdf.
import { constants, privateEncrypt } from 'node:crypto';
import forge from 'node-forge';
import type { SigningIdentity } from '../identity/signing-identity.js';
import { OIDS } from './oids.js';

// DER prefix of a DigestInfo for SHA-256 (RFC 8017 section 9.2, note 1): PKCS#1 v1.5 signs this plus the digest.
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** Signs `content` (detached: the content is not inside the result) and returns the CMS DER bytes. */
export function signDetached(content: Uint8Array, identity: SigningIdentity, signingTime: Date): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(Buffer.from(content).toString('binary'));
  p7.addCertificate(identity.certificate);
  for (const extra of identity.extraCertificates) p7.addCertificate(extra);
  // node-forge computes the attributes and their digest; the RSA operation itself runs in node:crypto
  // (OpenSSL), which is some 50 times faster than node-forge's JavaScript big integers.
  const key = {
    sign(md: forge.md.MessageDigest): string {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const signature = privateEncrypt(
        { key: identity.privateKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      );
      return signature.toString('binary');
    },
  };
  p7.addSigner({
    key: key as unknown as forge.pki.rsa.PrivateKey,
    certificate: identity.certificate,
    digestAlgorithm: OIDS.sha256,
    authenticatedAttributes: [
      { type: OIDS.contentType, value: OIDS.data },
      { type: OIDS.signingTime, value: signingTime as unknown as string },
      { type: OIDS.messageDigest },
    ],
  });
  p7.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}
