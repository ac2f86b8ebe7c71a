import { z } from 'zod';

/** Requirement 4: the set of license key files in httpsrv/lic, by content. */
export const LicenseValueSchema = z.strictObject({
  /** SHA-256 (hex) of each `*.key`, sorted, without repeats; file names do not count. */
  keys: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  /** community: no key file at all (REFERENCE 4.4). */
  edition: z.enum(['community', 'licensed']),
});

/** Requirement 4's observed value. */
export type LicenseValue = z.output<typeof LicenseValueSchema>;
