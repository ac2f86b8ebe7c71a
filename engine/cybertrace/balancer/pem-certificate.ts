// A certificate's identity apart from how its PEM file is written (line endings, text around the armour).
import { createHash } from 'node:crypto';

const BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/;

/**
 * SHA-256 (hex) of the DER bytes of the first CERTIFICATE block in a PEM file, or undefined when there is
 * none. Balancer stores the certificate it received on the wire (REFERENCE 3.6), so its file need not have
 * the instance file's bytes; the certificates are the same when their DER is.
 */
export function pemCertificateSha256(bytes: Uint8Array): string | undefined {
  const match = BLOCK.exec(Buffer.from(bytes).toString('latin1'));
  const body = match?.[1]?.replace(/\s+/g, '');
  if (body === undefined || body === '') return undefined;
  const der = Buffer.from(body, 'base64');
  return der.length === 0 ? undefined : createHash('sha256').update(der).digest('hex');
}
