import type { CertificateValue } from '../values/certificate.js';
import type { Comparer } from './comparer.js';

/** Requirement 1: the same certificate, by SHA-256 fingerprint; where CertFile points does not count. */
export const certificateComparer: Comparer<CertificateValue> = {
  comparable: (value) => ({ fingerprint: value.fingerprint, basis: value.basis }),
  compare: (reference, instance) => {
    if (reference.fingerprint === instance.fingerprint && reference.basis === instance.basis) {
      return {
        status: 'match',
        detail: instance.fingerprint === null ? 'no CertFile, as on the reference' : 'same certificate as the reference',
      };
    }
    if (instance.fingerprint === null)
      return { status: 'drift', detail: 'kl_feed_util.conf names no CertFile; the reference has a certificate' };
    if (reference.fingerprint === null)
      return { status: 'drift', detail: 'the reference names no CertFile; this instance has a certificate' };
    return {
      status: 'drift',
      detail: `certificate ${short(instance.fingerprint)} differs from the reference's ${short(reference.fingerprint)}`,
    };
  },
};

function short(fingerprint: string): string {
  return `${fingerprint.slice(0, 23)}…`;
}
