import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hostPathToLocal } from '../host-paths.js';
import type { LabBalancer, LabInstance } from '../spec.js';
import {
  BALANCER_FILES,
  balancerLicenseDir,
  hasBalancerDrift,
  listedInstances,
  renderBalancerConf,
  storedCertName,
} from './balancer-conf.js';
import { writeBalancerUnit } from './balancer-service-state.js';
import { labLicenseKey } from './lab-license.js';
import { WEB_CERT, WEB_CERT_PREVIOUS, WEB_PRIVATE_KEY } from './lab-pki.js';
import { balancerLogConf } from './log-confs.js';

type Put = (parts: readonly string[], content: string | Uint8Array, mode?: number) => Promise<void>;

function putUnder(dir: string): Put {
  return async (parts, content, mode) => {
    const path = join(dir, ...parts);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { mode });
  };
}

/**
 * The files only Balancer has: bin/kl_balancer.conf, bin/kl_balancer_log.conf, the reference certificate it
 * stored for each listed instance in CertDirPath (as after a first connection, REFERENCE 3.6; the
 * `balancer-cert-stale` drift stores an earlier one), and with `balancer-license` its own different key.
 */
async function writeBalancerFiles(put: Put, balancer: LabBalancer, instances: readonly LabInstance[]): Promise<void> {
  await put(BALANCER_FILES.conf, renderBalancerConf(balancer, instances));
  await put(BALANCER_FILES.logConf, balancerLogConf('../logs'));
  for (const instance of listedInstances(balancer, instances)) {
    const stale = hasBalancerDrift(balancer, 'balancer-cert-stale', instance.name);
    await put([...BALANCER_FILES.certDir, storedCertName(instance)], stale ? WEB_CERT_PREVIOUS : WEB_CERT);
  }
  if (hasBalancerDrift(balancer, 'balancer-license'))
    await put([...balancerLicenseDir(balancer), 'LAB00002.key'], labLicenseKey('drifted'));
}

/**
 * Writes a Balancer folder as on a host without CyberTrace (REFERENCE 3.2): the Balancer's own files,
 * plus the certificate, private key and reference license key the conf points at. LF line endings, no BOM.
 */
export async function generateBalancerTree(dir: string, balancer: LabBalancer, instances: readonly LabInstance[]): Promise<void> {
  const put = putUnder(dir);
  await mkdir(join(dir, ...BALANCER_FILES.certDir), { recursive: true });
  await writeBalancerFiles(put, balancer, instances);
  await put(BALANCER_FILES.webCert, WEB_CERT);
  await put(BALANCER_FILES.webKey, WEB_PRIVATE_KEY, 0o600);
  await put(BALANCER_FILES.licenseKey, labLicenseKey('reference'));
}

/**
 * Installs the Balancer on the host of `balancer.host` (a host that has CyberTrace, REFERENCE 3.2): its own
 * files in that host's `%service_dir%` (the certificate, key and licence folder are the instance's own;
 * paths written with `/`, which Windows accepts too), and its service (`cybertrace_balancer.service` or
 * `KasperskyBalancerService`) running. Nothing when the Balancer has no host.
 */
export async function installBalancerOnHost(balancer: LabBalancer, instances: readonly LabInstance[]): Promise<LabInstance | undefined> {
  const host = instances.find((instance) => instance.name === balancer.host);
  if (host === undefined) return undefined;
  const dir = hostPathToLocal(host, host.serviceDir);
  await mkdir(join(dir, ...BALANCER_FILES.certDir), { recursive: true });
  await writeBalancerFiles(putUnder(dir), balancer, instances);
  await writeBalancerUnit(host, 'active');
  return host;
}
