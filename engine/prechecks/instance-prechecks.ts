import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { Instance } from '../../shared/project/schema.js';
import type { HostDialect, PrivilegeReport } from '../hosts/dialect/index.js';
import type { ConfigLayout } from './config-layout.js';
import { configLayout } from './config-layout.js';
import { clockSkewSeconds, freeBytes } from './host-clock-disk.js';
import { discoverInstance } from '../cybertrace/discovery/discover-instance.js';
import type { Discovery } from '../cybertrace/discovery/types.js';
import type { HostFile } from '../cybertrace/model/types.js';
import type { ConfigLocationFact, DiscoveryFacts, FileFact } from '../../shared/contract/ops/audit.js';
import { fail, pass, skipped } from './result.js';
import { xmlProblem } from './xml-well-formed.js';

/** Clock difference above which the clock check fails (backups and report times are named after clocks). */
export const MAX_CLOCK_SKEW_SECONDS = 30;
/** Free space below which the disk check fails: backups of config files are small, but a full disk breaks writes. */
export const MIN_FREE_BYTES = 50 * 1024 * 1024;

/** The pre-checks of one instance, and the facts the cluster-wide checks need. */
export interface InstancePrecheckOutcome {
  readonly results: PrecheckResult[];
  readonly layout?: ConfigLayout;
  /** From discovery (`kl_feed_service -v`); absent when the checks stopped before it. */
  readonly version?: DiscoveryFacts['version'];
}

/** The per-instance checks in order; a failed blocker turns the checks that need it into `skipped`. */
export const INSTANCE_CHECK_ORDER = [
  'host-key',
  'authentication',
  'os-shell',
  'privilege',
  'cybertrace-installed',
  'config-well-formed',
  'service-state',
  'clock-skew',
  'free-disk',
] as const;

/** Appends `skipped` for every check from INSTANCE_CHECK_ORDER[from] on, saying why, and returns the outcome so far. */
export function skipFrom(results: PrecheckResult[], name: string, from: number, because: string): InstancePrecheckOutcome {
  for (const check of INSTANCE_CHECK_ORDER.slice(from)) results.push(skipped(check, name, because));
  return { results };
}

/**
 * The checks of a host already logged in to, from `os-shell` on: its dialect and privilege as detected
 * by the cluster run), then discovery, config, service, clock and disk over that session.
 */
export async function loggedInPrechecks(
  instance: Instance,
  dialect: HostDialect,
  privilege: PrivilegeReport,
): Promise<InstancePrecheckOutcome> {
  const results: PrecheckResult[] = [];
  const name = instance.name;
  results.push(
    pass(
      'os-shell',
      name,
      `${dialect.detection.system}, shell ${dialect.detection.shell}${dialect.detection.powershellVersion ? `, PowerShell ${dialect.detection.powershellVersion}` : ''}`,
    ),
  );
  const privilegeOk = privilege.detected !== 'none' && privilege.matches !== false;
  results.push(privilegeOk ? pass('privilege', name, privilege.detail) : fail('privilege', name, privilege.detail));
  if (!privilegeOk) return skipFrom(results, name, 4, 'no administrative privilege as declared');
  // The audit's own discovery: the same folder, config locations (project, pointer, default) and version.
  let discovery: Discovery;
  try {
    discovery = await discoverInstance({ instance, dialect, privilege });
  } catch (error) {
    results.push(fail('cybertrace-installed', name, `discovery failed: ${(error as Error).message}`));
    return skipFrom(results, name, 5, 'CyberTrace could not be looked for');
  }
  const files = discovery.files;
  const missing = files === undefined ? discovery.facts.serviceDir.evidence : installProblem(files.serviceConf, files.feedUtilConf);
  if (files === undefined || missing !== undefined) {
    results.push(fail('cybertrace-installed', name, missing ?? discovery.facts.serviceDir.evidence));
    return { ...skipFrom(results, name, 5, 'CyberTrace was not found'), version: discovery.facts.version };
  }
  results.push(pass('cybertrace-installed', name, installEvidence(discovery)));
  const serviceConf = files.serviceConf;
  const bytes = serviceConf.present ? serviceConf.bytes : new Uint8Array();
  const problem = xmlProblem(bytes);
  results.push(
    problem
      ? fail('config-well-formed', name, `${serviceConf.path}: ${problem}`)
      : pass('config-well-formed', name, `${serviceConf.path}: well-formed`),
  );
  const layout = problem ? undefined : configLayout(bytes);
  results.push(await serviceState(dialect, files.serviceDir, name));
  results.push(await clockCheck(dialect, name));
  results.push(await diskCheck(dialect, files.serviceDir, name));
  return layout === undefined ? { results, version: discovery.facts.version } : { results, layout, version: discovery.facts.version };
}

/** Why the install is not usable for the checks: a config missing, or refused by the path policy. */
function installProblem(serviceConf: HostFile, feedUtilConf: HostFile): string | undefined {
  if (!serviceConf.present) return `${serviceConf.path}: ${serviceConf.reason}`;
  if (!feedUtilConf.present)
    return `${serviceConf.path} found, but kl_feed_util.conf is not usable: ${feedUtilConf.path}: ${feedUtilConf.reason}`;
  return undefined;
}

/** The service folder, where each config was found and why there, and the version, in one line. */
function installEvidence(discovery: Discovery): string {
  const { facts } = discovery;
  const where = (label: string, file: FileFact | undefined, location: ConfigLocationFact | undefined): string =>
    `${label} ${file?.path ?? '?'} (${file?.size ?? '?'} bytes; ${location?.source ?? '?'}: ${location?.evidence ?? ''})`;
  return [
    `service dir ${facts.serviceDir.value ?? '?'} (${facts.serviceDir.evidence})`,
    where('kl_feed_service.conf', facts.serviceConf, facts.configLocations?.serviceConf),
    where('kl_feed_util.conf', facts.feedUtilConf, facts.configLocations?.feedUtilConf),
    `version ${facts.version.value ?? 'unknown'} (${facts.version.evidence})`,
  ].join('; ');
}

async function serviceState(dialect: HostDialect, serviceDir: string, name: string): Promise<PrecheckResult> {
  try {
    const controller = await dialect.serviceController({ serviceDir });
    const status = await controller.status();
    const evidence = `${controller.method}: ${status.state} (${status.raw.split('\n')[0] ?? ''})`;
    return status.state === 'active' ? pass('service-state', name, evidence) : fail('service-state', name, evidence);
  } catch (error) {
    return fail('service-state', name, (error as Error).message);
  }
}

async function clockCheck(dialect: HostDialect, name: string): Promise<PrecheckResult> {
  try {
    const skew = await clockSkewSeconds(dialect);
    const evidence = `host clock ${skew >= 0 ? '+' : ''}${skew} s from this computer's`;
    return Math.abs(skew) <= MAX_CLOCK_SKEW_SECONDS ? pass('clock-skew', name, evidence) : fail('clock-skew', name, evidence);
  } catch (error) {
    return fail('clock-skew', name, (error as Error).message);
  }
}

async function diskCheck(dialect: HostDialect, serviceDir: string, name: string): Promise<PrecheckResult> {
  try {
    const free = await freeBytes(dialect, serviceDir);
    const evidence = `${Math.floor(free / (1024 * 1024))} MiB free for ${serviceDir}`;
    return free >= MIN_FREE_BYTES ? pass('free-disk', name, evidence) : fail('free-disk', name, evidence);
  } catch (error) {
    return fail('free-disk', name, (error as Error).message);
  }
}
