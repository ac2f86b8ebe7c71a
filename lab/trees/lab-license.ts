import { createHash } from 'node:crypto';

// License key files of the lab (httpsrv/lic/*.key). Real key files are binary and their format is
// not documented; the lab's are a readable label followed by deterministic pseudo-random bytes, so
// digests are stable from run to run and the reference and drifted keys differ.

/** Which key: the one every consistent instance and Balancer share, or the one the `license` drift installs. */
export type LabLicenseVariant = 'reference' | 'drifted';

/** The bytes of a lab license key file. */
export function labLicenseKey(variant: LabLicenseVariant): Buffer {
  const label = Buffer.from(`CyberTrace HA lab license key (${variant}); lab data, not a Kaspersky key\n\0`, 'latin1');
  const blocks: Buffer[] = [];
  let block = createHash('sha256').update(`ctha-lab-license-${variant}`).digest();
  for (let i = 0; i < 8; i++) {
    blocks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat([label, ...blocks]);
}
