// Where CyberTrace may be installed on a host, and the files each candidate `%service_dir%` implies.
import type { HostDialect } from '../../hosts/dialect/index.js';
import { WindowsDialect } from '../../hosts/windows/windows-dialect.js';
import { describeScmService, queryScmServices } from '../../hosts/windows/scm-service.js';

/** `%service_dir%` candidates when the project does not name one and the host names none: Linux's documented one, the lab's Windows ones. */
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
  /** For a probed dir taken from the SCM: the service whose binary gave it. */
  readonly foundBy?: string;
}

/** `%service_dir%` folders the host itself names, with what named them. */
export interface DetectedDirs {
  readonly dirs: readonly { readonly dir: string; readonly foundBy: string }[];
  readonly evidence: string;
}

/**
 * Windows: the folders of the SCM's kl_feed_service.exe services (`<dir>\bin\kl_feed_service.exe` gives
 * `<dir>`, REFERENCE.md 1.2), since the Windows install folder is undocumented (1.2, 2.2). Linux: none
 * (its folder is documented). Binaries outside a `bin` folder name no dir and are reported as such.
 */
export async function detectedServiceDirs(dialect: HostDialect): Promise<DetectedDirs> {
  if (!(dialect instanceof WindowsDialect)) return { dirs: [], evidence: '' };
  const query = await queryScmServices(dialect.commands);
  if (query.failure !== undefined) return { dirs: [], evidence: `the SCM could not be asked (${query.failure})` };
  if (query.services.length === 0) return { dirs: [], evidence: 'no SCM service runs a kl_feed_service.exe' };
  const dirs = query.services.flatMap((service) =>
    service.serviceDir === undefined ? [] : [{ dir: service.serviceDir, foundBy: describeScmService(service) }],
  );
  return {
    dirs,
    evidence: query.services
      .map((service) => `${describeScmService(service)}${service.serviceDir === undefined ? ' (not in a bin folder: no service dir)' : ''}`)
      .join('; '),
  };
}

/** One candidate install: the service dir and the paths of the files the audit reads under it. */
export interface InstallCandidate extends InstallPaths {
  /** `%service_dir%/bin`: relative paths in the configs resolve from the binary's folder (REFERENCE 1.2, 4.3). */
  readonly binDir: string;
  /** `%service_dir%/httpsrv/lic` (REFERENCE 4.4). */
  readonly licenseDir: string;
}

/** The candidates to try, in order: the project's service dir alone, or those the host named, then the OS's usual ones. */
export function installCandidates(
  dialect: Pick<HostDialect, 'os' | 'paths'>,
  projectServiceDir: string | undefined,
  detected: DetectedDirs['dirs'] = [],
): InstallCandidate[] {
  const fold = (dir: string): string => (dialect.os === 'windows' ? dir.toLowerCase() : dir);
  const probed = [...detected, ...DEFAULT_SERVICE_DIRS[dialect.os].map((dir) => ({ dir, foundBy: undefined }))].filter(
    (entry, index, all) => all.findIndex((other) => fold(other.dir) === fold(entry.dir)) === index,
  );
  const dirs = projectServiceDir === undefined ? probed : [{ dir: projectServiceDir, foundBy: undefined }];
  const source = projectServiceDir === undefined ? 'probed' : 'project';
  const { join } = dialect.paths;
  return dirs.map(({ dir: serviceDir, foundBy }) => {
    // kl_feed_util.conf: Linux etc/, Windows bin\ (REFERENCE 4.3); the service config is taken to sit beside it.
    const confDir = join(serviceDir, dialect.os === 'linux' ? 'etc' : 'bin');
    return {
      serviceDir,
      serviceConf: join(confDir, 'kl_feed_service.conf'),
      feedUtilConf: join(confDir, 'kl_feed_util.conf'),
      binDir: join(serviceDir, 'bin'),
      licenseDir: join(join(serviceDir, 'httpsrv'), 'lic'),
      source,
      ...(foundBy === undefined ? {} : { foundBy }),
    };
  });
}
