// Certificates and keys are never stored or shown as bytes: a sensitive change is described by size,
// digest and (for a certificate) subject and validity; its diff is one line, its semantic changes digests.
import { X509Certificate } from 'node:crypto';
import type { FileChange, InstanceFiles } from '../../cybertrace/model/types.js';
import { LICENSE_KEY_SUFFIX } from '../../cybertrace/discovery/discover-instance.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import type { PlannedChange, SensitiveFile } from '../../../shared/plan/plan-document.js';

const PRIVATE_KEY_MARK = Buffer.from('PRIVATE KEY');
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

/** Whether bytes hold a private key (any PEM flavour: `PRIVATE KEY`, `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`...). */
export function holdsPrivateKey(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(PRIVATE_KEY_MARK);
}

/** Whether a change touches a sensitive file: the instance's feeds certificate, a licence key, or bytes holding a private key. */
export function isSensitiveChange(change: Pick<FileChange, 'path' | 'afterBytes'>, files: InstanceFiles | undefined): boolean {
  const lower = files?.os === 'windows' ? change.path.toLowerCase() : change.path;
  if (lower.endsWith(LICENSE_KEY_SUFFIX)) return true;
  if (files?.certificate !== undefined && sameHostPath(files.certificate.path, change.path, files.os)) return true;
  if (holdsPrivateKey(change.afterBytes)) return true;
  const before = files === undefined ? undefined : readBytes(files, change.path);
  return before !== undefined && holdsPrivateKey(before);
}

/** Size, digest, and for a PEM holding a certificate its subject and validity (the first certificate of the file). */
export function sensitiveFacts(bytes: Uint8Array): SensitiveFile {
  const facts: SensitiveFile = { size: bytes.byteLength, sha256: sha256Hex(bytes) };
  const block = CERTIFICATE_BLOCK.exec(Buffer.from(bytes).toString('latin1'))?.[0];
  if (block === undefined) return facts;
  try {
    const certificate = new X509Certificate(block);
    return {
      ...facts,
      subject: certificate.subject.split('\n').join(', '),
      notBefore: new Date(certificate.validFrom).toISOString(),
      notAfter: new Date(certificate.validTo).toISOString(),
    };
  } catch {
    // Not a parsable certificate: size and digest say enough, and nothing of its body is shown.
    return facts;
  }
}

/** The display fields of a sensitive change: a one-line summary for the diff and digests as semantic changes. */
export function sensitiveDisplay(
  change: Pick<FileChange, 'path' | 'kind' | 'beforeSha256' | 'afterSha256' | 'newPath'>,
  facts: SensitiveFile,
  basename: (path: string) => string,
): Pick<PlannedChange, 'unifiedDiff' | 'semanticChanges'> {
  const what =
    facts.subject === undefined
      ? basename(change.path).toLowerCase().endsWith(LICENSE_KEY_SUFFIX)
        ? 'licence key'
        : 'sensitive file'
      : 'certificate';
  const name = facts.subject ?? basename(change.path);
  const validity = facts.notAfter === undefined ? '' : `, valid ${facts.notBefore ?? '?'} to ${facts.notAfter}`;
  const was = change.beforeSha256 === undefined ? '' : ` (was sha256 ${change.beforeSha256})`;
  const line =
    change.kind === 'set-aside'
      ? `${what} set aside: ${basename(change.path)} -> ${basename(change.newPath ?? '?')}, ${facts.size} bytes, sha256 ${facts.sha256} (unchanged)`
      : `${what} ${change.beforeSha256 === undefined ? 'created' : 'replaced'}: ${name}${validity}, ${facts.size} bytes, sha256 ${facts.sha256}${was}`;
  const semantic: PlannedChange['semanticChanges'][number] =
    change.kind === 'set-aside'
      ? { path: change.path, kind: 'removed', before: facts.sha256 }
      : change.beforeSha256 === undefined
        ? { path: change.path, kind: 'added', after: change.afterSha256 }
        : { path: change.path, kind: 'changed', before: change.beforeSha256, after: change.afterSha256 };
  return { unifiedDiff: `${line}\n`, semanticChanges: [semantic] };
}

function sameHostPath(a: string, b: string, os: 'linux' | 'windows'): boolean {
  return os === 'windows' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

// The bytes discovery read at a path (configs, certificate, keys), when present.
function readBytes(files: InstanceFiles, path: string): Uint8Array | undefined {
  const all = [files.serviceConf, files.feedUtilConf, ...(files.certificate ? [files.certificate] : []), ...files.licenseDir.keys];
  const found = all.find((file) => sameHostPath(file.path, path, files.os));
  return found?.present ? found.bytes : undefined;
}
