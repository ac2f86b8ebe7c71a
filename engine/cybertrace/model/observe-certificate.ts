import { createHash, X509Certificate } from 'node:crypto';
import { known, unknown, type Observation } from '../../../shared/requirements/observation.js';
import type { CertificateValue } from '../../../shared/requirements/values/certificate.js';
import type { FeedUtilConfModel, InstanceFiles } from './types.js';

/**
 * Requirement 1: the SHA-256 fingerprint of the certificate CertFile names (of its DER via X509Certificate;
 * of the file bytes, said in the note, when it does not parse). No CertFile is a known fact: no certificate.
 */
export function observeCertificate(feedUtil: FeedUtilConfModel, files: InstanceFiles): Observation {
  const confEvidence = { path: feedUtil.file.path, sha256: feedUtil.file.sha256 };
  if (feedUtil.certFile === undefined) {
    const value: CertificateValue = { certFile: null, fingerprint: null, basis: 'none' };
    return known(value, [confEvidence], 'kl_feed_util.conf has no CertFile element');
  }
  const file = files.certificate;
  if (!file) return unknown(`kl_feed_util.conf names CertFile ${JSON.stringify(feedUtil.certFile)} but its file was not read`);
  if (!file.present) return unknown(`certificate ${file.path} (CertFile ${JSON.stringify(feedUtil.certFile)}) not read: ${file.reason}`);
  const evidence = [confEvidence, { path: file.path, sha256: file.sha256 }];
  try {
    const value: CertificateValue = {
      certFile: feedUtil.certFile,
      fingerprint: new X509Certificate(file.bytes).fingerprint256,
      basis: 'x509-der',
    };
    return known(value, evidence);
  } catch (error) {
    const fingerprint = colonHex(createHash('sha256').update(file.bytes).digest());
    const value: CertificateValue = { certFile: feedUtil.certFile, fingerprint, basis: 'file-bytes' };
    return known(
      value,
      evidence,
      `${file.path} does not parse as an X.509 certificate (${(error as Error).message}); compared by the SHA-256 of the file bytes`,
    );
  }
}

function colonHex(digest: Buffer): string {
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
