import { applyDrift } from '../drift/apply-drift.js';
import type { LabBalancer, LabInstance } from '../spec.js';
import { renderFeedUtilConf } from './feed-util-conf.js';
import { makeHostDir, writeHostFile } from './host-files.js';
import { labLicenseKey } from './lab-license.js';
import { FEEDS_CERT_REFERENCE, WEB_CERT, WEB_PRIVATE_KEY } from './lab-pki.js';
import { serviceLogConf } from './log-confs.js';
import { klControlBat, linuxLauncher, windowsServicePlaceholder } from './service-binaries.js';
import { renderServiceConf } from './service-conf.js';
import { encodeText, textStyleFor } from './text-style.js';
import { fromBin, hostTreeLayout } from './tree-layout.js';

/** What a host tree needs besides the instance: its Balancer, and how a Linux host starts the simulator. */
export interface HostTreeOptions {
  readonly balancer: LabBalancer;
  /** The simulator's entry script, started by the Linux launcher. */
  readonly simulatorPath: string;
  /** The Node binary the Linux launcher runs the simulator with. */
  readonly nodePath: string;
}

/**
 * Writes the CyberTrace install tree of an instance (its version and OS) into its local folder: the
 * HA-consistent reference state, then each of instance.drift applied in turn. Files it does not know
 * are left alone. The layout is hostTreeLayout(); docs/LAB-TREES.md lists every file.
 */
export async function generateHostTree(instance: LabInstance, options: HostTreeOptions): Promise<void> {
  const { os } = instance;
  const layout = hostTreeLayout(instance);
  const plain = (content: string): Buffer => encodeText(content, textStyleFor(os));

  const serviceConf = renderServiceConf({
    os,
    version: instance.version,
    inputPort: instance.inputPort,
    alertTarget: `${options.balancer.address}:${options.balancer.cybertracePort}`,
    resourcesIp: instance.address,
  });
  // Only the service config carries a BOM on Windows, as if saved by Notepad; the rest shows that a
  // consumer must decide per file.
  await writeHostFile(instance, layout.serviceConf, encodeText(serviceConf, textStyleFor(os, true)));
  await writeHostFile(instance, layout.feedUtilConf, plain(renderFeedUtilConf({ os, certFile: layout.feedsCert })));
  await writeHostFile(instance, layout.feedsCert, plain(FEEDS_CERT_REFERENCE));
  await writeHostFile(instance, layout.serviceLogConf, plain(serviceLogConf(fromBin(os, 'logs'))));
  await writeHostFile(instance, layout.webCert, plain(WEB_CERT));
  await writeHostFile(instance, layout.webKey, plain(WEB_PRIVATE_KEY), os === 'linux' ? 0o600 : undefined);
  await writeHostFile(instance, layout.licenseKey, labLicenseKey('reference'));
  await makeHostDir(instance, layout.feedsDir);
  await makeHostDir(instance, layout.reportsDir);

  if (os === 'linux') {
    await writeHostFile(instance, layout.serviceBinary, linuxLauncher(options.nodePath, options.simulatorPath, instance.version), 0o755);
  } else {
    await writeHostFile(instance, layout.serviceBinary, windowsServicePlaceholder());
  }
  if (layout.controlScript) await writeHostFile(instance, layout.controlScript, plain(klControlBat()));

  for (const preset of instance.drift) await applyDrift(instance, preset);
}
