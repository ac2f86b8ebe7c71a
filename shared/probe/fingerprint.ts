// TLS certificates are pinned by the SHA-256 of the leaf certificate's DER bytes, written the way
// `openssl x509 -noout -fingerprint -sha256` prints it, so an engineer can compare it on the host.

/** A SHA-256 certificate fingerprint in canonical form: 32 upper-case hex pairs joined by `:`. */
export const CERT_FINGERPRINT_PATTERN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/**
 * Reads a fingerprint as people paste it: `AB:CD:...`, plain hex, either case, optionally after
 * `SHA256:`, `sha256 Fingerprint=` or `SHA256 Fingerprint=`; undefined when it is not 32 bytes of hex.
 */
export function normaliseCertFingerprint(text: string): string | undefined {
  const body = text
    .trim()
    .replace(/^sha-?256(\s+fingerprint)?\s*[:=]\s*/i, '')
    .replace(/[:\s]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(body)) return undefined;
  return body.toUpperCase().match(/../g)?.join(':');
}
