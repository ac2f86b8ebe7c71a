import type { HostDialect } from '../hosts/dialect/index.js';

/** `%service_dir%` candidates when the project does not name one: Linux's documented one, then the lab's Windows one. */
const DEFAULT_SERVICE_DIRS = {
  linux: ['/opt/kaspersky/ktfs'],
  // The Windows install folder is not documented (REFERENCE.md 1.2): this is a probe, reported as such.
  windows: ['C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace', 'C:\\Program Files (x86)\\Kaspersky Lab\\Kaspersky CyberTrace'],
} as const;

/** Where CyberTrace's files were found on one host. */
export interface InstallPaths {
  readonly serviceDir: string;
  readonly serviceConf: string;
  readonly feedUtilConf: string;
  /** How the service dir was chosen: from the project, or found by probing. */
  readonly source: 'project' | 'probed';
}

/** Finds the service dir and the config files (Linux `etc/`, Windows `bin\`); undefined with the evidence when absent. */
export async function findInstall(dialect: HostDialect, projectServiceDir: string | undefined): Promise<{ paths?: InstallPaths; evidence: string }> {
  const candidates = projectServiceDir === undefined ? [...DEFAULT_SERVICE_DIRS[dialect.os]] : [projectServiceDir];
  const tried: string[] = [];
  for (const serviceDir of candidates) {
    const confDir = dialect.paths.join(serviceDir, dialect.os === 'linux' ? 'etc' : 'bin');
    const serviceConf = dialect.paths.join(confDir, 'kl_feed_service.conf');
    const feedUtilConf = dialect.paths.join(confDir, 'kl_feed_util.conf');
    const facts = await dialect.fileFacts(serviceConf);
    tried.push(serviceConf);
    if (facts !== undefined) {
      const util = await dialect.fileFacts(feedUtilConf);
      if (util === undefined) return { evidence: `${serviceConf} found, but ${feedUtilConf} is missing` };
      const source = projectServiceDir === undefined ? 'probed' : 'project';
      return { paths: { serviceDir, serviceConf, feedUtilConf, source }, evidence: `${serviceConf} (${facts.size} bytes; service dir ${source === 'project' ? 'from the project' : 'found by probing'})` };
    }
  }
  return { evidence: `no kl_feed_service.conf at ${tried.join(', ')}` };
}
