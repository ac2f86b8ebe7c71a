import { hostJoin } from '../host-paths.js';
import type { LabInstance, LabOs } from '../spec.js';

// Where each file of a lab install tree lives on its host. Every path here is a host path built from
// instance.serviceDir; hostPathToLocal maps it to the local folder. Choices the help leaves open are
// listed in docs/LAB-TREES.md.

/** File name of the lab's license key: Kaspersky names key files by an id, this one is plainly the lab's. */
export const LICENSE_KEY_FILE = 'LAB00001.key';

/** Host paths of every file and folder generateHostTree writes. */
export interface HostTreeLayout {
  readonly binDir: string;
  /** kl_feed_service.conf: Linux `etc/` (documented), Windows `bin\` (inferred, REFERENCE 1.2). */
  readonly serviceConf: string;
  /** kl_feed_util.conf: Linux `etc/`, Windows `bin\` (documented, REFERENCE 4.3). */
  readonly feedUtilConf: string;
  /** The feeds certificate named by CertFile; kept next to kl_feed_util.conf (undocumented location). */
  readonly feedsCert: string;
  readonly serviceLogConf: string;
  /** Linux: a shell launcher for the simulator; Windows: a placeholder .exe. */
  readonly serviceBinary: string;
  /** `bin\kl_control.bat` on Windows 4.1 only (REFERENCE 2.2). */
  readonly controlScript: string | undefined;
  readonly webCert: string;
  readonly webKey: string;
  readonly licenseKey: string;
  readonly feedsDir: string;
  readonly reportsDir: string;
}

/** The layout of an instance's install tree for its OS and version. */
export function hostTreeLayout(instance: Pick<LabInstance, 'os' | 'version' | 'serviceDir'>): HostTreeLayout {
  const { os, serviceDir } = instance;
  const at = (...parts: string[]): string => hostJoin(os, serviceDir, ...parts);
  const configDir = os === 'linux' ? 'etc' : 'bin';
  return {
    binDir: at('bin'),
    serviceConf: at(configDir, 'kl_feed_service.conf'),
    feedUtilConf: at(configDir, 'kl_feed_util.conf'),
    feedsCert: at(configDir, 'kl_feeds_cert.pem'),
    serviceLogConf: at('bin', 'kl_feed_service_log.conf'),
    serviceBinary: at('bin', os === 'linux' ? 'kl_feed_service' : 'kl_feed_service.exe'),
    controlScript: os === 'windows' && instance.version === '4.1' ? at('bin', 'kl_control.bat') : undefined,
    webCert: at('httpsrv', 'kl_feed_service_cert.pem'),
    webKey: at('httpsrv', 'kl_feed_service_private.pem'),
    licenseKey: at('httpsrv', 'lic', LICENSE_KEY_FILE),
    feedsDir: at('feeds'),
    reportsDir: at('reports'),
  };
}

/**
 * A path as the configuration files write it: relative to the binary's folder `bin`, with the host's
 * separator (`../etc/x` on Linux, `..\httpsrv\x` on Windows), the form the help's defaults use.
 */
export function fromBin(os: LabOs, ...parts: string[]): string {
  return os === 'linux' ? ['..', ...parts].join('/') : ['..', ...parts].join('\\');
}

/** The kl_feed_util.conf reference in FeedUtil/ConfigurationPath: `../etc/...` on Linux; on Windows it sits in bin itself. */
export function feedUtilConfRef(os: LabOs): string {
  return os === 'linux' ? fromBin(os, 'etc', 'kl_feed_util.conf') : 'kl_feed_util.conf';
}
