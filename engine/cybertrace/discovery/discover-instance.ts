// Discovery of one instance over the run's session: where CyberTrace is, what it runs on, and every file the audit reads.
import type { DiscoveryFacts, FileFact } from '../../../shared/contract/ops/audit.js';
import type { GatherResult, HostDialect, ServiceDetection } from '../../hosts/dialect/index.js';
import type { RunMember } from '../../steps/run/run-types.js';
import type { HostFile, InstanceFiles } from '../model/types.js';
import { findChild, parseXmlDocument } from '../xml/index.js';
import { detectLayout } from '../model/index.js';
import { hostFile } from './host-file.js';
import type { InstallCandidate } from './install-candidates.js';
import { installCandidates } from './install-candidates.js';
import { resolveHostPath } from './resolve-host-path.js';
import type { Discovery } from './types.js';

/** File-name suffix of license key files in `%service_dir%/httpsrv/lic` (REFERENCE 4.4). */
export const LICENSE_KEY_SUFFIX = '.key';

/**
 * Finds the service dir (the project's, or the usual ones probed), then reads both configs and the
 * license folder in one gather, then the certificate CertFile names alongside the service-control probe.
 * Facts that cannot be established stay unknown with the reason; host failures (lost connection,
 * permission) throw, and the audit reports them for the instance.
 */
export async function discoverInstance(member: Pick<RunMember, 'instance' | 'dialect' | 'privilege'>): Promise<Discovery> {
  const { instance, dialect } = member;
  const candidates = installCandidates(dialect, instance.serviceDir);
  const first = await dialect.gather({
    files: candidates.flatMap((candidate) => [candidate.serviceConf, candidate.feedUtilConf]),
    dirs: candidates.map((candidate) => ({ path: candidate.licenseDir, suffix: LICENSE_KEY_SUFFIX })),
  });
  // The project's service dir is taken as given even when files are missing there: that is a finding, not a reason to look elsewhere.
  const install = instance.serviceDir === undefined ? candidates.find((candidate) => first.files.get(candidate.serviceConf) !== undefined) : candidates[0];
  const base = baseFacts(member);
  if (install === undefined) {
    const service = await dialect.detectService({});
    return {
      facts: {
        ...base,
        serviceDir: { evidence: `CyberTrace not found: no kl_feed_service.conf at ${candidates.map((c) => c.serviceConf).join(', ')} (set serviceDir in the project)` },
        certificate: { evidence: 'unknown: CyberTrace was not found' },
        serviceControl: serviceControl(service),
        layout: { evidence: 'unknown: CyberTrace was not found' },
        version: { evidence: 'unknown: CyberTrace was not found' },
      },
    };
  }
  const serviceConf = hostFile(install.serviceConf, first.files.get(install.serviceConf));
  const feedUtilConf = hostFile(install.feedUtilConf, first.files.get(install.feedUtilConf));
  const licenseDir = licenseFiles(dialect, install, first);
  const cert = certFileOf(dialect, install, feedUtilConf);
  const [certificate, service] = await Promise.all([readCertificate(dialect, cert), dialect.detectService({ serviceDir: install.serviceDir })]);
  const files: InstanceFiles = { os: dialect.os, serviceDir: install.serviceDir, serviceConf, feedUtilConf, ...(certificate ? { certificate } : {}), licenseDir };
  const layout = layoutFact(serviceConf);
  const facts: DiscoveryFacts = {
    ...base,
    serviceDir: {
      value: install.serviceDir,
      source: install.source,
      evidence: install.source === 'project' ? 'from the project' : `found by probing: ${install.serviceConf} exists`,
    },
    serviceConf: fileFact(serviceConf),
    feedUtilConf: fileFact(feedUtilConf),
    certificate: {
      ...(cert.written === undefined ? {} : { certFile: cert.written }),
      ...(certificate ? { file: fileFact(certificate) } : {}),
      evidence: cert.evidence,
    },
    licenseDir: { path: licenseDir.path, present: licenseDir.present, keys: licenseDir.keys.map(fileFact) },
    serviceControl: serviceControl(service),
    layout,
    version: { evidence: `unknown: CyberTrace writes its version in no file the documentation names; the configuration has the ${layout.value ?? 'unknown'} layout` },
  };
  return { facts, files, install };
}

function baseFacts(member: Pick<RunMember, 'instance' | 'dialect' | 'privilege'>): Pick<DiscoveryFacts, 'instance' | 'os' | 'system' | 'shell' | 'privilege'> {
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

function licenseFiles(dialect: HostDialect, install: InstallCandidate, gathered: GatherResult): InstanceFiles['licenseDir'] {
  const entries = gathered.dirs.get(install.licenseDir);
  if (entries === undefined) return { path: install.licenseDir, present: false, keys: [] };
  const names = [...entries.keys()].sort();
  return { path: install.licenseDir, present: true, keys: names.map((name) => hostFile(dialect.paths.join(install.licenseDir, name), entries.get(name))) };
}

/** Where CertFile points: the path to read, or the file as absent with the reason; undefined path when there is no CertFile. */
interface CertTarget {
  readonly written?: string;
  readonly file?: HostFile;
  readonly path?: string;
  readonly evidence: string;
}

function certFileOf(dialect: HostDialect, install: InstallCandidate, feedUtilConf: HostFile): CertTarget {
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

async function readCertificate(dialect: HostDialect, target: CertTarget): Promise<HostFile | undefined> {
  if (target.file) return target.file;
  if (target.path === undefined) return undefined;
  const gathered = await dialect.gather({ files: [target.path] });
  return hostFile(target.path, gathered.files.get(target.path), 'the file CertFile names does not exist');
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
  return file.present ? { path: file.path, present: true, size: file.bytes.length, sha256: file.sha256 } : { path: file.path, present: false, reason: file.reason };
}
