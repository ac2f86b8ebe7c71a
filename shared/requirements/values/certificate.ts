import { z } from 'zod';

/** Requirement 1: the feeds certificate named by kl_feed_util.conf's CertFile. */
export const CertificateValueSchema = z.strictObject({
  /** CertFile as written in kl_feed_util.conf; null when the element is absent (no certificate configured). */
  certFile: z.string().nullable(),
  /** SHA-256 fingerprint, colon-separated upper-case hex; null without CertFile. */
  fingerprint: z.string().nullable(),
  /** x509-der: of the certificate's DER; file-bytes: of the file, which did not parse as a certificate. */
  basis: z.enum(['x509-der', 'file-bytes', 'none']),
});

/** Requirement 1's observed value. */
export type CertificateValue = z.output<typeof CertificateValueSchema>;
