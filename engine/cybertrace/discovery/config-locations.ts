// Where an instance's two configuration files are: the project's configPaths, the service config's own
// pointer to the Feed Utility config, or the folder the help names (REFERENCE 1.2, 4.3).
import type { ConfigLocationFact } from '../../../shared/contract/ops/audit.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import type { HostFile } from '../model/types.js';
import { detectLayout } from '../model/service-conf-model.js';
import { xmlTextValue } from '../model/locate.js';
import { findChild, parseXmlDocument } from '../xml/index.js';
import type { XmlElement } from '../xml/types.js';
import { resolveHostPath } from './resolve-host-path.js';

/** `FeedUtil/ConfigurationPath` per layout: 4.x under GUISettings (REFERENCE 1.4.2), 5.x under ServiceSettings (1.4.3, 6). */
export const FEED_UTIL_POINTER = {
  '4.x': ['GUISettings', 'FeedUtil', 'ConfigurationPath'],
  '5.x': ['ServiceSettings', 'FeedUtil', 'ConfigurationPath'],
} as const;

/** The pointer as written, or why there is none to follow. */
export type FeedUtilPointer = { readonly written: string; readonly at: string } | { readonly written?: undefined; readonly reason: string };

/** Reads `FeedUtil/ConfigurationPath` out of kl_feed_service.conf (REFERENCE 4.3: "typically ../etc/kl_feed_util.conf"). */
export function feedUtilPointer(serviceConf: HostFile): FeedUtilPointer {
  if (!serviceConf.present) return { reason: `${serviceConf.path} was not read (${serviceConf.reason})` };
  let root: XmlElement;
  try {
    root = parseXmlDocument(serviceConf.bytes, serviceConf.path).root;
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  const layout = detectLayout(root);
  if (!layout.known) return { reason: `its layout is not recognised (${layout.reason})` };
  const path = FEED_UTIL_POINTER[layout.model.layout];
  let element: XmlElement | undefined = root;
  for (const name of path) element = element === undefined ? undefined : findChild(element, name);
  const at = `${root.name}/${path.join('/')}`;
  if (element === undefined) return { reason: `it has no ${at}` };
  const written = xmlTextValue(element);
  return written.trim() === '' ? { reason: `its ${at} is empty` } : { written, at };
}

/** True when two host paths name one file (Windows: case-insensitive, either separator). */
export function sameHostPath(os: HostDialect['os'], a: string, b: string): boolean {
  const fold = (path: string): string => (os === 'windows' ? path.replace(/\//g, '\\').toLowerCase() : path);
  return fold(a) === fold(b);
}

/** Where kl_feed_util.conf is to be read, and how that was decided. */
export interface FeedUtilTarget {
  /** The path to read; undefined when the pointer cannot be resolved (then `file` says why). */
  readonly path?: string;
  readonly file?: HostFile;
  readonly location: ConfigLocationFact;
}

/**
 * Decides kl_feed_util.conf's path: the project's override first, else the service config's pointer,
 * resolved from the service binary's folder `%service_dir%/bin` (REFERENCE 1.2 and 1.3: relative paths in
 * CyberTrace's configs and `-c` resolve from the binary's directory; the 4.x example `../etc/kl_feed_util.conf`
 * from `bin` names `etc`, where 4.3 puts the file on Linux), else the help's folder (`defaultPath`).
 */
export function feedUtilTarget(
  dialect: Pick<HostDialect, 'os' | 'paths'>,
  binDir: string,
  defaultPath: string,
  serviceConf: HostFile,
  override: string | undefined,
): FeedUtilTarget {
  if (override !== undefined)
    return { path: override, location: { source: 'project', evidence: `configPaths.feedUtilConf in the project: ${override}` } };
  const pointer = feedUtilPointer(serviceConf);
  if (pointer.written === undefined) {
    return {
      path: defaultPath,
      location: { source: 'default', evidence: `the help's folder (REFERENCE 4.3): no pointer to follow, ${pointer.reason}` },
    };
  }
  const resolved = resolveHostPath(dialect, binDir, pointer.written);
  const said = `${pointer.at} ${JSON.stringify(pointer.written)} in ${serviceConf.path}`;
  if (!resolved.ok) {
    const reason = `${said} cannot be resolved: ${resolved.reason}`;
    return { file: { path: pointer.written, present: false, reason }, location: { source: 'pointer', evidence: reason } };
  }
  const how = resolved.path === pointer.written.trim() ? 'absolute' : `resolved from ${binDir}, the binary's folder`;
  return { path: resolved.path, location: { source: 'pointer', evidence: `${said} (${how})` } };
}
