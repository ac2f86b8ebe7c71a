import { feedUtilOf } from './sides.js';
import { refuse, type Fixer } from './types.js';

/** Requirement 1: the reference's PEM, byte for byte, into the file the instance's own CertFile names. */
export const fixCertificate: Fixer = ({ instance, reference }) => {
  const util = feedUtilOf(instance, 'instance');
  const refUtil = feedUtilOf(reference, 'reference');
  if (typeof util === 'string') return refuse(util);
  if (typeof refUtil === 'string') return refuse(refUtil);
  if (refUtil.certFile === undefined)
    return refuse('the reference names no CertFile; remove the certificate from this instance by hand if that is intended');
  const source = reference.files.certificate;
  if (!source?.present)
    return refuse(`the reference's certificate file was not read${source && !source.present ? `: ${source.reason}` : ''}`);
  const target = instance.files.certificate;
  if (util.certFile === undefined || !target)
    return refuse('kl_feed_util.conf on this instance names no CertFile: import the certificate in CyberTrace Web');
  // The path policy: a CertFile outside the service folder (or reached through a link) is never written.
  if (!target.present && target.refused === true) return refuse(`the certificate is not written: ${target.reason}`);
  return {
    ok: true,
    confEdits: [],
    fileOps: [
      {
        kind: 'copy',
        path: target.path,
        before: target.present ? { sha256: target.sha256, bytes: target.bytes } : undefined,
        bytes: source.bytes,
        from: source.path,
      },
    ],
  };
};
