// Where CyberTrace may be installed on a host, and the files each candidate `%service_dir%` implies.
import type { HostDialect } from '../../hosts/dialect/index.js';

/** `%service_dir%` candidates when the project does not name one: Linux's documented one, then the lab's Windows one. */
export const DEFAULT_SERVICE_DIRS = {
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

/** One candidate install: the service dir and the paths of the files the audit reads under it. */
export interface InstallCandidate extends InstallPaths {
  /** `%service_dir%/bin`: relative paths in the configs resolve from the binary's folder (REFERENCE 1.2, 4.3). */
  readonly binDir: string;
  /** `%service_dir%/httpsrv/lic` (REFERENCE 4.4). */
  readonly licenseDir: string;
}

/** The candidates to try, in order: the project's service dir alone, or the OS's usual ones. */
export function installCandidates(dialect: Pick<HostDialect, 'os' | 'paths'>, projectServiceDir: string | undefined): InstallCandidate[] {
  const dirs = projectServiceDir === undefined ? [...DEFAULT_SERVICE_DIRS[dialect.os]] : [projectServiceDir];
  const source = projectServiceDir === undefined ? 'probed' : 'project';
  const { join } = dialect.paths;
  return dirs.map((serviceDir) => {
    // kl_feed_util.conf: Linux etc/, Windows bin\ (REFERENCE 4.3); the service config is taken to sit beside it.
    const confDir = join(serviceDir, dialect.os === 'linux' ? 'etc' : 'bin');
    return {
      serviceDir,
      serviceConf: join(confDir, 'kl_feed_service.conf'),
      feedUtilConf: join(confDir, 'kl_feed_util.conf'),
      binDir: join(serviceDir, 'bin'),
      licenseDir: join(join(serviceDir, 'httpsrv'), 'lic'),
      source,
    };
  });
}

/** Finds the service dir and the config files (Linux `etc/`, Windows `bin\`); undefined with the evidence when absent. */
export async function findInstall(dialect: HostDialect, projectServiceDir: string | undefined): Promise<{ paths?: InstallPaths; evidence: string }> {
  const tried: string[] = [];
  for (const { serviceDir, serviceConf, feedUtilConf, source } of installCandidates(dialect, projectServiceDir)) {
    const facts = await dialect.fileFacts(serviceConf);
    tried.push(serviceConf);
    if (facts !== undefined) {
      const util = await dialect.fileFacts(feedUtilConf);
      if (util === undefined) return { evidence: `${serviceConf} found, but ${feedUtilConf} is missing` };
      return { paths: { serviceDir, serviceConf, feedUtilConf, source }, evidence: `${serviceConf} (${facts.size} bytes; service dir ${source === 'project' ? 'from the project' : 'found by probing'})` };
    }
  }
  return { evidence: `no kl_feed_service.conf at ${tried.join(', ')}` };
}
