import type { BalancerDriftPreset, LabBalancer, LabInstance } from '../spec.js';
import { LICENSE_KEY_FILE } from './tree-layout.js';
import { XML_PROLOGUE, element, indent, toText, xmlText } from './xml-lines.js';

// kl_balancer.conf (REFERENCE 3.3). Confirmed: the Balancer element and its four attributes,
// SSLCertificatePath, SSLPrivateKeyPath, a license-folder element, CertDirPath, Instances/Instance
// with matching_port. Not documented, and so the lab's choices: the root element (`Configuration`,
// as in kl_feed_service.conf), the license element's name (`LicenseKeyPath`), the CertDirPath value
// (`../certs`, holding a stored certificate per listed instance as if Balancer had connected once).
// AllowedRequests is left out because its syntax is unknown; EventDelimiter because it is optional.

/** Balancer's scanners_count (1-100): the lab's pick, enough connections for a small cluster. */
const BALANCER_SCANNERS = 10;

/** Whether the Balancer carries this drift preset (for `instance`, when given). */
export function hasBalancerDrift(balancer: LabBalancer, preset: BalancerDriftPreset, instance?: string): boolean {
  return (balancer.drift ?? []).some((drift) => drift.preset === preset && (instance === undefined || drift.instances.includes(instance)));
}

/** The licence folder kl_balancer.conf names, relative to bin: the instances' own, or the `balancer-license` drift's. */
export function balancerLicenseDir(balancer: LabBalancer): readonly string[] {
  return hasBalancerDrift(balancer, 'balancer-license') ? BALANCER_FILES.driftedLicenseDir : ['httpsrv', 'lic'];
}

/** The instances Balancer lists: all but those the `balancer-missing-instance` drift leaves out. */
export function listedInstances<T extends Partial<Pick<LabInstance, 'name'>>>(balancer: LabBalancer, instances: readonly T[]): T[] {
  return instances.filter(
    (instance) => instance.name === undefined || !hasBalancerDrift(balancer, 'balancer-missing-instance', instance.name),
  );
}

/** kl_balancer.conf for a Balancer and its instances, paths relative to Balancer's bin folder (Linux form). */
export function renderBalancerConf(
  balancer: LabBalancer,
  instances: readonly (Pick<LabInstance, 'address' | 'inputPort'> & Partial<Pick<LabInstance, 'name'>>)[],
): string {
  const attributes = [
    `matching_port="${balancer.matchingPort}"`,
    `api_port="${balancer.apiPort}"`,
    `cybertrace_port="${balancer.cybertracePort}"`,
    `scanners_count="${BALANCER_SCANNERS}"`,
  ].join(' ');
  const body = [
    `<Balancer ${attributes}>${xmlText(balancer.address)}</Balancer>`,
    '<SSLCertificatePath>../httpsrv/kl_feed_service_cert.pem</SSLCertificatePath>',
    '<SSLPrivateKeyPath>../httpsrv/kl_feed_service_private.pem</SSLPrivateKeyPath>',
    `<LicenseKeyPath>../${balancerLicenseDir(balancer).join('/')}</LicenseKeyPath>`,
    '<CertDirPath>../certs</CertDirPath>',
    ...element(
      '<Instances>',
      listedInstances(balancer, instances).map(
        (instance) => `<Instance matching_port="${instance.inputPort}">${xmlText(instance.address)}</Instance>`,
      ),
    ),
  ];
  return toText([...XML_PROLOGUE, '<Configuration>', ...indent(1, body), '</Configuration>']);
}

/** Paths of a Balancer folder, relative to it: what generateBalancerTree writes. */
export const BALANCER_FILES = {
  conf: ['bin', 'kl_balancer.conf'],
  logConf: ['bin', 'kl_balancer_log.conf'],
  webCert: ['httpsrv', 'kl_feed_service_cert.pem'],
  webKey: ['httpsrv', 'kl_feed_service_private.pem'],
  licenseKey: ['httpsrv', 'lic', LICENSE_KEY_FILE],
  certDir: ['certs'],
  /** Where the `balancer-license` drift puts Balancer's own, different key. */
  driftedLicenseDir: ['balancer_lic'],
} as const;

/** The stored reference certificate's name for an instance: `<Instance value>_<matching_port>.pem` (REFERENCE 3.6). */
export function storedCertName(instance: Pick<LabInstance, 'address' | 'inputPort'>): string {
  return `${instance.address}_${instance.inputPort}.pem`;
}
