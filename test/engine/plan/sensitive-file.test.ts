// Sensitive files in a plan: which changes are sensitive, and what is shown of them (never their bytes).
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../engine/hosts/dialect/index.js';
import { linuxPaths } from '../../../engine/hosts/linux/linux-paths.js';
import type { FileChange, InstanceFiles } from '../../../engine/cybertrace/model/types.js';
import { plannedChange } from '../../../engine/steps/plan/planned-instance.js';
import { isSensitiveChange, sensitiveFacts } from '../../../engine/steps/plan/sensitive-file.js';
import { FEEDS_CERT_REFERENCE, WEB_PRIVATE_KEY } from '../../../lab/trees/lab-pki.js';

const DIR = '/opt/kaspersky/ktfs';
const present = (path: string, text: string): InstanceFiles['serviceConf'] => {
  const bytes = Buffer.from(text);
  return { path, present: true, bytes, sha256: sha256Hex(bytes) };
};
const FILES: InstanceFiles = {
  os: 'linux',
  serviceDir: DIR,
  serviceConf: present(`${DIR}/etc/kl_feed_service.conf`, '<a/>'),
  feedUtilConf: present(`${DIR}/etc/kl_feed_util.conf`, `<b>${WEB_PRIVATE_KEY}</b>`),
  certificate: present(`${DIR}/etc/feeds.pem`, 'old'),
  licenseDir: { path: `${DIR}/httpsrv/lic`, present: true, keys: [] },
};

function change(path: string, after: string, kind: FileChange['kind'] = 'copy'): FileChange {
  const bytes = Buffer.from(after);
  return {
    path,
    requirements: ['req1'],
    kind,
    beforeSha256: sha256Hex(Buffer.from('old')),
    afterBytes: bytes,
    afterSha256: sha256Hex(bytes),
    restart: false,
    unifiedDiff: `-old\n+${after}\n`,
    semanticChanges: [{ path: 'x', kind: 'changed', before: 'old', after }],
  };
}

describe('sensitive files', () => {
  it('are the certificate CertFile names, licence keys, and anything before or after holding PRIVATE KEY', () => {
    expect(isSensitiveChange(change(`${DIR}/etc/feeds.pem`, 'x'), FILES)).toBe(true);
    expect(isSensitiveChange(change(`${DIR}/httpsrv/lic/a.key`, 'x'), FILES)).toBe(true);
    expect(isSensitiveChange(change(`${DIR}/etc/kl_feed_service.conf`, `<a>${WEB_PRIVATE_KEY}</a>`, 'edit'), FILES)).toBe(true);
    expect(isSensitiveChange(change(`${DIR}/etc/kl_feed_util.conf`, '<b/>', 'edit'), FILES)).toBe(true);
    expect(isSensitiveChange(change(`${DIR}/etc/kl_feed_service.conf`, '<a x="1"/>', 'edit'), FILES)).toBe(false);
  });

  it('a certificate is described by subject, validity, size and digest', () => {
    const facts = sensitiveFacts(Buffer.from(FEEDS_CERT_REFERENCE));
    expect(facts).toEqual({
      size: Buffer.byteLength(FEEDS_CERT_REFERENCE),
      sha256: sha256Hex(Buffer.from(FEEDS_CERT_REFERENCE)),
      subject: 'O=CyberTrace HA lab, CN=Lab feeds certificate (reference)',
      notBefore: '2025-01-01T00:00:00.000Z',
      notAfter: '2125-01-01T00:00:00.000Z',
    });
  });

  it('a planned sensitive change shows a one-line summary and digests; its bytes stay in memory for apply only', () => {
    const planned = plannedChange(change(`${DIR}/etc/feeds.pem`, FEEDS_CERT_REFERENCE), DIR, 'linux', { paths: linuxPaths }, FILES);
    expect(planned.sensitive?.subject).toBe('O=CyberTrace HA lab, CN=Lab feeds certificate (reference)');
    expect(planned.unifiedDiff).toBe(
      `certificate replaced: O=CyberTrace HA lab, CN=Lab feeds certificate (reference), valid 2025-01-01T00:00:00.000Z to 2125-01-01T00:00:00.000Z, ${Buffer.byteLength(FEEDS_CERT_REFERENCE)} bytes, sha256 ${planned.afterSha256} (was sha256 ${sha256Hex(Buffer.from('old'))})\n`,
    );
    expect(JSON.stringify(planned.semanticChanges)).not.toContain('BEGIN');
    expect(planned.semanticChanges).toEqual([
      { path: `${DIR}/etc/feeds.pem`, kind: 'changed', before: sha256Hex(Buffer.from('old')), after: planned.afterSha256 },
    ]);
    expect(Buffer.from(planned.afterBase64, 'base64').toString()).toBe(FEEDS_CERT_REFERENCE);
  });
});
