import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LabBalancer, LabInstance } from '../spec.js';
import { BALANCER_FILES, renderBalancerConf } from './balancer-conf.js';
import { labLicenseKey } from './lab-license.js';
import { WEB_CERT, WEB_PRIVATE_KEY } from './lab-pki.js';
import { balancerLogConf } from './log-confs.js';

/**
 * Writes a Balancer folder as on a host without CyberTrace (REFERENCE 3.2): bin/kl_balancer.conf and
 * bin/kl_balancer_log.conf, plus the certificate, private key and reference license key the conf points
 * at, and the empty CertDirPath folder. LF line endings, no BOM.
 */
export async function generateBalancerTree(dir: string, balancer: LabBalancer, instances: readonly LabInstance[]): Promise<void> {
  const put = async (parts: readonly string[], content: string | Uint8Array, mode?: number): Promise<void> => {
    const path = join(dir, ...parts);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content, { mode });
  };
  await put(BALANCER_FILES.conf, renderBalancerConf(balancer, instances));
  await put(BALANCER_FILES.logConf, balancerLogConf('../logs'));
  await put(BALANCER_FILES.webCert, WEB_CERT);
  await put(BALANCER_FILES.webKey, WEB_PRIVATE_KEY, 0o600);
  await put(BALANCER_FILES.licenseKey, labLicenseKey('reference'));
  await mkdir(join(dir, ...BALANCER_FILES.certDir), { recursive: true });
}
