// Discovery of one instance over the run's session: where CyberTrace is, what it runs on, and every file the audit reads.
import type { DiscoveryFacts, FileFact } from '../../../shared/contract/ops/audit.js';
import type { GatherResult, HostDialect, ServiceDetection } from '../../hosts/dialect/index.js';
import type { HostFile, InstanceFiles } from '../model/types.js';
import { findChild, parseXmlDocument } from '../xml/index.js';
import { detectLayout } from '../model/index.js';
import { hostFile } from './host-file.js';
import type { InstallCandidate } from './install-candidates.js';
import { detectedServiceDirs, installCandidates } from './install-candidates.js';
import type { PathPolicy } from './path-policy.js';
import { isInsideDir, pathPolicy } from './path-policy.js';
import { resolveHostPath } from './resolve-host-path.js';
import { feedUtilTarget, sameHostPath } from './config-locations.js';
import { readWithPolicy } from './read-with-policy.js';
import { readServiceVersion } from './service-version.js';
import type { ConfigLocationFact } from '../../../shared/contract/ops/audit.js';
import type { Discovery, DiscoveryHost } from './types.js';

/** File-name suffix of license key files in `%service_dir%/httpsrv/lic` (REFERENCE 4.4). */
export const LICENSE_KEY_SUFFIX = '.key';

/**
 * Finds the service dir (the project's, or the usual ones probed), then reads both configs and the
 * license folder in one gather; a config elsewhere (the project's configPaths, or kl_feed_util.conf where
 * the service config's FeedUtil/ConfigurationPath points) is read under the path policy (locateConfigs);
 * then the certificate CertFile names alongside the service-control probe and `kl_feed_service -v`.
 * Facts that cannot be established stay unknown with the reason; host failures (lost connection,
 * permission) throw, and the audit reports them for the instance.
 */
export async function discoverInstance(member: DiscoveryHost): Promise<Discovery> {
  const { instance, dialect } = member;
  // Windows' install folder is undocumented (REFERENCE 1.2): without the project's, the SCM's service binary names it.
  const detected = instance.serviceDir === undefined ? await detectedServiceDirs(dialect) : undefined;
  const candidates = installCandidates(dialect, instance.serviceDir, detected?.dirs);
  // within: nothing is read through a symbolic link below a service folder (Linux checks it in the same script).
  const first = await dialect.gather({
    files: candidates.flatMap((candidate) => [candidate.serviceConf, candidate.feedUtilConf]),
    dirs: candidates.map((candidate) => ({ path: candidate.licenseDir, suffix: LICENSE_KEY_SUFFIX })),
    within: candidates.map((candidate) => candidate.serviceDir),
  });
  // The project's service dir is taken as given even when files are missing there: that is a finding, not a reason to look elsewhere.
  // Probing with the project's own kl_feed_service.conf path: the candidate folder holding that path.
  const overrides = instance.configPaths ?? {};
  const probed = (): InstallCandidate | undefined =>
    candidates.find((candidate) => first.files.get(candidate.serviceConf) !== undefined) ??
    (overrides.serviceConf === undefined
      ? undefined
      : candidates.find((candidate) => isInsideDir(dialect.os, overrides.serviceConf ?? '', candidate.serviceDir)));
  const install = instance.serviceDir === undefined ? probed() : candidates[0];
  const base = baseFacts(member);
  if (install === undefined) {
    const service = await dialect.detectService({});
    return {
      facts: {
        ...base,
        serviceDir: {
          evidence: `CyberTrace not found: no kl_feed_service.conf at ${candidates.map((c) => c.serviceConf).join(', ')}${detected?.evidence ? `; ${detected.evidence}` : ''} (set serviceDir in the project)`,
        },
        certificate: { evidence: 'unknown: CyberTrace was not found' },
        serviceControl: serviceControl(service),
        layout: { evidence: 'unknown: CyberTrace was not found' },
        version: { evidence: 'unknown: CyberTrace was not found' },
      },
    };
  }
  const policy = pathPolicy(install.serviceDir, instance);
  const located = await locateConfigs(member, policy, install, first);
  const { serviceConf, feedUtilConf } = located;
  const licenseDir = licenseFiles(dialect, install, first);
  const cert = certFileOf(dialect, install, feedUtilConf);
  const [certificate, service, version] = await Promise.all([
    readCertificate(member, policy, cert),
    dialect.detectService({ serviceDir: install.serviceDir }),
    readServiceVersion(dialect, install.serviceDir),
  ]);
  const files: InstanceFiles = {
    os: dialect.os,
    serviceDir: install.serviceDir,
    serviceConf,
    feedUtilConf,
    ...(certificate ? { certificate } : {}),
    licenseDir,
  };
  const layout = layoutFact(serviceConf);
  const facts: DiscoveryFacts = {
    ...base,
    serviceDir: {
      value: install.serviceDir,
      source: install.source,
      evidence:
        install.source === 'project'
          ? 'from the project'
          : `${install.foundBy !== undefined ? `found in the SCM: ${install.foundBy};` : 'found by probing:'} ${serviceConf.path} ${serviceConf.present ? 'exists' : "(the project's configPaths.serviceConf) lies in it"}`,
    },
    serviceConf: fileFact(serviceConf),
    feedUtilConf: fileFact(feedUtilConf),
    configLocations: located.locations,
    certificate: {
      ...(cert.written === undefined ? {} : { certFile: cert.written }),
      ...(certificate ? { file: fileFact(certificate) } : {}),
      evidence: certificate && !certificate.present && certificate.refused ? `${cert.evidence}; ${certificate.reason}` : cert.evidence,
    },
    licenseDir: { path: licenseDir.path, present: licenseDir.present, keys: licenseDir.keys.map(fileFact) },
    serviceControl: serviceControl(service),
    layout,
    version,
  };
  // The install as used: plan and apply write to the paths the files were read from.
  return { facts, files, install: { ...install, serviceConf: serviceConf.path, feedUtilConf: feedUtilConf.path } };
}

/** Both configs as read, and where each path came from. */
interface LocatedConfigs {
  readonly serviceConf: HostFile;
  readonly feedUtilConf: HostFile;
  readonly locations: { readonly serviceConf: ConfigLocationFact; readonly feedUtilConf: ConfigLocationFact };
}

/**
 * kl_feed_service.conf: the project's configPaths.serviceConf, else `<confDir>` (REFERENCE 1.2). Then
 * kl_feed_util.conf: the project's configPaths.feedUtilConf, else the service config's own
 * FeedUtil/ConfigurationPath (REFERENCE 1.4.2, 1.4.3, 4.3), else `<confDir>`. A path other than the one the
 * first gather already read goes through the path policy: outside the service folder (and not the
 * instance's allowed path) it is refused with the reason and never read.
 */
async function locateConfigs(
  member: DiscoveryHost,
  policy: PathPolicy,
  install: InstallCandidate,
  first: GatherResult,
): Promise<LocatedConfigs> {
  const { dialect } = member;
  const overrides = member.instance.configPaths ?? {};
  const confDir = dialect.paths.dirname(install.serviceConf);
  const readAt = async (path: string, gathered: string, absent: string): Promise<HostFile> =>
    sameHostPath(dialect.os, path, gathered) ? gatheredFile(gathered, first) : readWithPolicy(member, policy, path, absent);
  const serviceConf =
    overrides.serviceConf === undefined
      ? gatheredFile(install.serviceConf, first)
      : await readAt(overrides.serviceConf, install.serviceConf, 'the file configPaths.serviceConf names does not exist');
  const serviceLocation: ConfigLocationFact =
    overrides.serviceConf === undefined
      ? { source: 'default', evidence: `the help's folder ${confDir} (REFERENCE 1.2)` }
      : { source: 'project', evidence: `configPaths.serviceConf in the project: ${overrides.serviceConf}` };
  const target = feedUtilTarget(dialect, install.binDir, install.feedUtilConf, serviceConf, overrides.feedUtilConf);
  const absent =
    target.location.source === 'project'
      ? 'the file configPaths.feedUtilConf names does not exist'
      : 'the file FeedUtil/ConfigurationPath names does not exist';
  const feedUtilConf =
    target.file ??
    (target.path === undefined ? gatheredFile(install.feedUtilConf, first) : await readAt(target.path, install.feedUtilConf, absent));
  const refused = (file: HostFile, location: ConfigLocationFact): ConfigLocationFact =>
    file.present || file.refused !== true ? location : { ...location, evidence: `${location.evidence}; ${file.reason}` };
  return {
    serviceConf,
    feedUtilConf,
    locations: { serviceConf: refused(serviceConf, serviceLocation), feedUtilConf: refused(feedUtilConf, target.location) },
  };
}

function baseFacts(member: DiscoveryHost): Pick<DiscoveryFacts, 'instance' | 'os' | 'system' | 'shell' | 'privilege'> {
  const { privilege, dialect } = member;
  return {
    instance: member.instance.name,
    os: dialect.os,
    system: dialect.detection.system,
    shell: dialect.detection.shell,
    privilege: {
      detected: privilege.detected,
      ...(privilege.declared === undefined ? {} : { declared: privilege.declared }),
      ...(privilege.matches === undefined ? {} : { matches: privilege.matches }),
      detail: privilege.detail,
    },
  };
}

/** Why a path was not read because of a symbolic link, for the finding. */
function linkReason(what: string, resolved: string): string {
  return `${what} was not read: it is a symbolic link, or lies under one, inside the service folder${resolved === '' ? '' : ` (it resolves to ${resolved})`}; the engine reads nothing through links there with privilege (replace the link with the file itself)`;
}

/** A gathered file, or the refusal when a symbolic link was on its way. */
function gatheredFile(path: string, gathered: GatherResult, absentReason?: string): HostFile {
  const link = gathered.links?.get(path);
  if (link !== undefined) return { path, present: false, reason: linkReason(path, link), refused: true };
  return hostFile(path, gathered.files.get(path), absentReason);
}

function licenseFiles(dialect: HostDialect, install: InstallCandidate, gathered: GatherResult): InstanceFiles['licenseDir'] {
  const folderLink = gathered.links?.get(install.licenseDir);
  // A linked folder is not "no folder" (that would read as Community Edition): its keys are unknown.
  if (folderLink !== undefined)
    return {
      path: install.licenseDir,
      present: true,
      keys: [
        {
          path: install.licenseDir,
          present: false,
          reason: linkReason(`the licence folder ${install.licenseDir}`, folderLink),
          refused: true,
        },
      ],
    };
  const entries = gathered.dirs.get(install.licenseDir);
  if (entries === undefined) return { path: install.licenseDir, present: false, keys: [] };
  const linked = [...(gathered.links ?? new Map<string, string>())].filter(
    ([path]) => path !== install.licenseDir && dialect.paths.dirname(path) === install.licenseDir,
  );
  const keys: HostFile[] = [
    ...[...entries.keys()].map((name) => hostFile(dialect.paths.join(install.licenseDir, name), entries.get(name))),
    ...linked.map(([path, resolved]): HostFile => ({
      path,
      present: false,
      reason: linkReason(`licence key ${path}`, resolved),
      refused: true,
    })),
  ];
  return { path: install.licenseDir, present: true, keys: keys.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** Where CertFile points: the path to read, or the file as absent with the reason; undefined path when there is no CertFile. */
export interface CertTarget {
  readonly written?: string;
  readonly file?: HostFile;
  readonly path?: string;
  readonly evidence: string;
}

/** Where kl_feed_util.conf's CertFile points on this host, resolved from the binary's folder (also used by bench:remote's per-file series). */
export function certFileOf(dialect: HostDialect, install: InstallCandidate, feedUtilConf: HostFile): CertTarget {
  if (!feedUtilConf.present) return { evidence: `unknown: ${feedUtilConf.path} is missing` };
  let written: string | undefined;
  try {
    const doc = parseXmlDocument(feedUtilConf.bytes, feedUtilConf.path);
    const element = findChild(doc.root, 'CertFile');
    if (element === undefined) return { evidence: `${feedUtilConf.path} has no ${doc.root.name}/CertFile` };
    written = element.text;
  } catch (error) {
    return { evidence: `unknown: ${error instanceof Error ? error.message : String(error)}` };
  }
  const resolved = resolveHostPath(dialect, install.binDir, written);
  if (!resolved.ok) {
    const reason = `CertFile ${JSON.stringify(written)} cannot be resolved: ${resolved.reason}`;
    return { written, file: { path: written, present: false, reason }, evidence: reason };
  }
  const how = resolved.path === written.trim() ? 'absolute' : `resolved from ${install.binDir}, the binary's folder`;
  return { written, path: resolved.path, evidence: `CertFile ${JSON.stringify(written)} (${how})` };
}

const NO_CERT_FILE = 'the file CertFile names does not exist';

/** The certificate CertFile names, read under the path policy (see readWithPolicy); undefined without CertFile. */
async function readCertificate(
  member: Pick<DiscoveryHost, 'dialect' | 'privilege'>,
  policy: PathPolicy,
  target: CertTarget,
): Promise<HostFile | undefined> {
  if (target.file) return target.file;
  if (target.path === undefined) return undefined;
  return readWithPolicy(member, policy, target.path, NO_CERT_FILE);
}

function layoutFact(serviceConf: HostFile): DiscoveryFacts['layout'] {
  if (!serviceConf.present) return { evidence: `unknown: ${serviceConf.path} is missing` };
  try {
    const detected = detectLayout(parseXmlDocument(serviceConf.bytes, serviceConf.path).root);
    return detected.known ? { value: detected.model.layout, evidence: detected.model.note } : { evidence: `unknown: ${detected.reason}` };
  } catch (error) {
    return { evidence: `unknown: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function serviceControl(detection: ServiceDetection): DiscoveryFacts['serviceControl'] {
  return { method: detection.method, evidence: [...detection.evidence] };
}

/** A HostFile as a json-safe fact (digest and size, never the bytes). */
export function fileFact(file: HostFile): FileFact {
  return file.present
    ? { path: file.path, present: true, size: file.bytes.length, sha256: file.sha256 }
    : { path: file.path, present: false, reason: file.reason };
}
