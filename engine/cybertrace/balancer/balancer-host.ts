// What the Balancer host holds beside kl_balancer.conf (REFERENCE 3.2-3.4, 3.6): licence folder, stored
// certificates, SSL files and the service, read with the same path policy as the instances.
import type { BalancerFacts, BalancerHostFacts } from '../../../shared/contract/ops/balancer-audit.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { sha256Hex } from '../../hosts/dialect/index.js';
import { lexicalRefusal, pathPolicy } from '../discovery/path-policy.js';
import { resolveHostPath } from '../discovery/resolve-host-path.js';
import { readBalancerService } from './balancer-service.js';
import { pemCertificateSha256 } from './pem-certificate.js';

/** Elements whose meaning the help documents (REFERENCE 3.3): never taken for the undocumented licence element. */
const DOCUMENTED = new Set(['SSLCertificatePath', 'SSLPrivateKeyPath', 'CertDirPath', 'EventDelimiter', 'AllowedRequests']);

/** The documented defaults of the SSL paths, relative to the binary's folder (REFERENCE 3.3). */
const SSL_DEFAULTS = {
  linux: { cert: '../httpsrv/kl_feed_service_cert.pem', key: '../httpsrv/kl_feed_service_private.pem' },
  windows: { cert: '..\\httpsrv\\kl_feed_service_cert.pem', key: '..\\httpsrv\\kl_feed_service_private.pem' },
} as const;

/** Where the Balancer was found and how the project configures it. */
export interface BalancerHostInput {
  readonly dialect: HostDialect;
  /** The kl_balancer.conf path that was read; its folder is the binary's (REFERENCE 3.2). */
  readonly confPath: string;
  readonly facts: BalancerFacts;
  /** project.balancer.licenseDir: the engineer's licence folder, absolute or relative to the binary's folder. */
  readonly licenseDir?: string | undefined;
}

type Folder = BalancerHostFacts['license'];

/** A written value resolved from the binary's folder and checked against the path policy; a reason when it may not be read. */
function place(
  dialect: HostDialect,
  binDir: string,
  policy: ReturnType<typeof pathPolicy>,
  written: string,
): { path?: string; refused?: string } {
  const resolved = resolveHostPath(dialect, binDir, written);
  if (!resolved.ok) return { refused: resolved.reason };
  const refusal = lexicalRefusal(dialect, policy, resolved.path);
  return refusal === undefined ? { path: resolved.path } : { path: resolved.path, refused: refusal };
}

function folderFiles(entries: ReadonlyMap<string, Buffer> | undefined): Folder['files'] {
  return [...(entries ?? new Map<string, Buffer>()).entries()]
    .map(([name, bytes]) => {
      const cert = name.toLowerCase().endsWith('.pem') ? pemCertificateSha256(bytes) : undefined;
      return { name, size: bytes.length, sha256: sha256Hex(bytes), ...(cert === undefined ? {} : { certSha256: cert }) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Reads the Balancer host's side: the licence folder (project.balancer.licenseDir, else the one
 * undocumented element whose value is a folder holding `*.key`; several or none is unknown, never a
 * guess), `CertDirPath` and its `*.pem` files, the SSL certificate (digest) and private key (presence
 * only: its bytes never leave the host), and the service state. Paths outside the Balancer's folder are
 * read only when the engineer named them (the project's licenceDir), as for the instances' files.
 */
export async function readBalancerHost(input: BalancerHostInput): Promise<BalancerHostFacts> {
  const { dialect, facts } = input;
  const binDir = dialect.paths.dirname(input.confPath);
  const balancerDir = dialect.paths.dirname(binDir);
  const projectLicense = input.licenseDir === undefined ? undefined : resolveHostPath(dialect, binDir, input.licenseDir);
  const policy = pathPolicy(balancerDir, { allowedPaths: projectLicense?.ok ? [projectLicense.path] : [] });
  const element = (name: string): string | undefined => facts.others.find((other) => other.name === name)?.text;

  const defaults = SSL_DEFAULTS[dialect.os];
  const certWritten = element('SSLCertificatePath') || defaults.cert;
  const keyWritten = element('SSLPrivateKeyPath') || defaults.key;
  const cert = place(dialect, binDir, policy, certWritten);
  const key = place(dialect, binDir, policy, keyWritten);
  const certDirWritten = element('CertDirPath');
  const certDir = certDirWritten === undefined || certDirWritten === '' ? undefined : place(dialect, binDir, policy, certDirWritten);

  // Licence candidates: the project's folder alone when given; otherwise every undocumented element with a value.
  const candidates: { source: string; written: string; path?: string; refused?: string }[] = [];
  if (input.licenseDir !== undefined) {
    candidates.push({
      source: 'project',
      written: input.licenseDir,
      ...(projectLicense?.ok ? { path: projectLicense.path } : { refused: projectLicense?.reason ?? 'not resolved' }),
    });
  } else {
    for (const other of facts.others) {
      if (DOCUMENTED.has(other.name) || other.text === '' || other.text.includes('\n')) continue;
      candidates.push({ source: other.name, written: other.text, ...place(dialect, binDir, policy, other.text) });
    }
  }
  const dirs = [
    ...candidates.flatMap((candidate) =>
      candidate.path !== undefined && candidate.refused === undefined ? [{ path: candidate.path, suffix: '.key' }] : [],
    ),
    ...(certDir?.path !== undefined && certDir.refused === undefined ? [{ path: certDir.path, suffix: '.pem' }] : []),
  ];
  // One folder can be asked for once: a licence element pointing at CertDirPath would be a broken config anyway.
  const uniqueDirs = dirs.filter((dir, index) => dirs.findIndex((other) => other.path === dir.path) === index);
  const files = cert.path !== undefined && cert.refused === undefined ? [cert.path] : [];
  const within = [balancerDir, ...policy.allowedPaths];

  const [gathered, service, keyFacts] = await Promise.all([
    dialect
      .gather({ files, dirs: uniqueDirs, ...(dialect.os === 'linux' ? { within } : {}) })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    readBalancerService(dialect),
    key.path !== undefined && key.refused === undefined
      ? dialect.fileFacts(key.path).then(
          (found) => found !== undefined,
          () => undefined,
        )
      : Promise.resolve(undefined),
  ]);
  const failed = gathered instanceof Error ? gathered.message : undefined;
  const dirEntries = (path: string): ReadonlyMap<string, Buffer> | undefined =>
    gathered instanceof Error ? undefined : gathered.dirs.get(dialect.paths.check(path));
  const linkOf = (path: string): string | undefined =>
    gathered instanceof Error ? undefined : gathered.links?.get(dialect.paths.check(path));

  const license = licenseFolder(candidates, dirEntries, linkOf, failed);
  const certDirFacts: Folder =
    certDirWritten === undefined
      ? {
          present: false,
          files: [],
          evidence: 'kl_balancer.conf has no CertDirPath: before 4.3 Balancer checks no instance certificate (REFERENCE 3.1, 3.6)',
        }
      : folderFact('CertDirPath', certDirWritten, certDir ?? {}, dirEntries, linkOf, failed, 'stored instance certificates (*.pem)');

  const certBytes = cert.path === undefined || gathered instanceof Error ? undefined : gathered.files.get(dialect.paths.check(cert.path));
  const certSource = element('SSLCertificatePath') ? 'SSLCertificatePath' : 'the documented default of SSLCertificatePath';
  const sslCertificate: BalancerHostFacts['sslCertificate'] =
    cert.path === undefined || cert.refused !== undefined
      ? {
          written: certWritten,
          ...(cert.path ? { path: cert.path } : {}),
          present: false,
          reason: cert.refused ?? 'not resolved',
          evidence: `${certSource} ${certWritten}: not read (${cert.refused ?? 'not resolved'})`,
        }
      : certBytes === undefined
        ? {
            written: certWritten,
            path: cert.path,
            present: false,
            ...(failed ? { reason: failed } : {}),
            evidence: `${certSource} ${certWritten} resolves to ${cert.path}: ${failed ?? linkOf(cert.path) ?? 'missing'}`,
          }
        : {
            written: certWritten,
            path: cert.path,
            present: true,
            size: certBytes.length,
            sha256: sha256Hex(certBytes),
            evidence: `${certSource} ${certWritten} resolves to ${cert.path}`,
          };
  const keySource = element('SSLPrivateKeyPath') ? 'SSLPrivateKeyPath' : 'the documented default of SSLPrivateKeyPath';
  const sslPrivateKey: BalancerHostFacts['sslPrivateKey'] = {
    written: keyWritten,
    ...(key.path ? { path: key.path } : {}),
    ...(keyFacts === undefined ? {} : { present: keyFacts }),
    evidence:
      key.refused !== undefined
        ? `${keySource} ${keyWritten}: not checked (${key.refused})`
        : `${keySource} ${keyWritten} resolves to ${key.path ?? '?'}: ${keyFacts === undefined ? 'could not be checked' : keyFacts ? 'present (only its presence is read)' : 'missing'}`,
  };
  return { balancerDir, service, license, certDir: certDirFacts, sslCertificate, sslPrivateKey, instanceCerts: [] };
}

type DirEntries = (path: string) => ReadonlyMap<string, Buffer> | undefined;
type LinkOf = (path: string) => string | undefined;

function folderFact(
  source: string,
  written: string,
  at: { path?: string; refused?: string },
  entries: DirEntries,
  linkOf: LinkOf,
  failed: string | undefined,
  what: string,
): Folder {
  const base = { source, written, ...(at.path ? { path: at.path } : {}) };
  if (at.path === undefined || at.refused !== undefined)
    return { ...base, present: false, files: [], evidence: `${source} ${written}: not read (${at.refused ?? 'not resolved'})` };
  if (failed !== undefined)
    return { ...base, present: false, files: [], evidence: `${source} ${written} resolves to ${at.path}: could not be read (${failed})` };
  const link = linkOf(at.path);
  if (link !== undefined)
    return {
      ...base,
      present: false,
      files: [],
      evidence: `${source} ${written} resolves to ${at.path}, a symbolic link to ${link || 'somewhere unknown'}: not read (path policy)`,
    };
  const found = entries(at.path);
  if (found === undefined)
    return { ...base, present: false, files: [], evidence: `${source} ${written} resolves to ${at.path}: the folder is missing` };
  return {
    ...base,
    present: true,
    files: folderFiles(found),
    evidence: `${source} ${written} resolves to ${at.path}: ${found.size} ${what}`,
  };
}

/** The licence folder: the project's, or the one candidate element whose folder holds `*.key`; otherwise unknown, saying why. */
function licenseFolder(
  candidates: readonly { source: string; written: string; path?: string; refused?: string }[],
  entries: DirEntries,
  linkOf: LinkOf,
  failed: string | undefined,
): Folder {
  const project = candidates.find((candidate) => candidate.source === 'project');
  if (project !== undefined) {
    const fact = folderFact('project', project.written, project, entries, linkOf, failed, 'licence key files (*.key)');
    return { ...fact, evidence: `balancer.licenseDir in the project: ${fact.evidence}` };
  }
  const holding = candidates.filter(
    (candidate) => candidate.path !== undefined && candidate.refused === undefined && (entries(candidate.path)?.size ?? 0) > 0,
  );
  const [only] = holding;
  if (holding.length === 1 && only !== undefined) {
    const fact = folderFact(only.source, only.written, only, entries, linkOf, failed, 'licence key files (*.key)');
    return {
      ...fact,
      evidence: `${fact.evidence}; the licence element's name is undocumented (REFERENCE 3.3): ${only.source} is the one element whose folder holds *.key files`,
    };
  }
  const looked =
    candidates
      .map((candidate) => `${candidate.source}=${candidate.written}${candidate.refused ? ` (${candidate.refused})` : ''}`)
      .join(', ') || 'no undocumented element with a value';
  if (failed !== undefined) return { present: false, files: [], evidence: `the licence folder could not be looked for: ${failed}` };
  if (holding.length > 1)
    return {
      present: false,
      files: [],
      evidence: `several elements name a folder holding *.key (${holding.map((candidate) => candidate.source).join(', ')}): set balancer.licenseDir in the project`,
    };
  return {
    present: false,
    files: [],
    evidence: `no element of kl_balancer.conf names a folder holding *.key (looked at ${looked}): without a key Balancer runs at Community Edition level (REFERENCE 3.2); set balancer.licenseDir in the project if the key is elsewhere`,
  };
}
