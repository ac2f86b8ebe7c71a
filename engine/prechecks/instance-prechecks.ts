import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import type { Instance } from '../../shared/project/schema.js';
import type { HostDialect } from '../hosts/dialect/index.js';
import { openDialect } from '../hosts/dialect/index.js';
import type { HostKeyReview } from '../ssh/host-keys/host-key-review.js';
import { describeRefusal } from '../ssh/host-keys/refusal.js';
import type { SessionDeps, SshSession } from '../ssh/session/index.js';
import { isSessionError, openSession } from '../ssh/session/index.js';
import type { ConfigLayout } from './config-layout.js';
import { configLayout } from './config-layout.js';
import { clockSkewSeconds, freeBytes } from './host-clock-disk.js';
import { findInstall } from './install-paths.js';
import { fail, pass, skipped } from './result.js';
import { tcpReachable } from './tcp-reachable.js';
import { xmlProblem } from './xml-well-formed.js';

/** Clock difference above which the clock check fails (backups and report times are named after clocks). */
export const MAX_CLOCK_SKEW_SECONDS = 30;
/** Free space below which the disk check fails: backups of config files are small, but a full disk breaks writes. */
export const MIN_FREE_BYTES = 50 * 1024 * 1024;

/** The pre-checks of one instance, and the facts the cluster-wide checks need. */
export interface InstancePrecheckOutcome {
  readonly results: PrecheckResult[];
  readonly layout?: ConfigLayout;
}

/** Runs the per-instance checks in order; a failed blocker turns the checks that need it into `skipped`. */
export async function instancePrechecks(instance: Instance, review: HostKeyReview, deps: Omit<SessionDeps, 'verifyHostKey'>): Promise<InstancePrecheckOutcome> {
  const results: PrecheckResult[] = [];
  const name = instance.name;
  const skipRest = (from: number, because: string): InstancePrecheckOutcome => {
    const order = ['host-key', 'authentication', 'os-shell', 'privilege', 'cybertrace-installed', 'config-well-formed', 'service-state', 'clock-skew', 'free-disk'] as const;
    for (const check of order.slice(from)) results.push(skipped(check, name, because));
    return { results };
  };
  const reach = await tcpReachable(instance.host, instance.port, 10_000);
  results.push(reach.ok ? pass('reachable', name, reach.detail) : fail('reachable', name, reach.detail));
  if (!reach.ok) return skipRest(0, 'the SSH port is not reachable');

  let session: SshSession;
  try {
    session = await openSession(
      { instance: name, host: instance.host, port: instance.port, user: instance.user, auth: instance.auth },
      // The pinned key types first: a host pinned with RSA or ECDSA would otherwise present ed25519 and trip "changed".
      { ...deps, verifyHostKey: (host, port, key) => review.verify(host, port, key), hostKeyAlgorithms: review.hostKeyAlgorithms(instance.host, instance.port) },
    );
  } catch (error) {
    const refusal = review.refusals.find((entry) => entry.instance === name || (entry.host === instance.host && entry.port === instance.port));
    if (isSessionError(error, 'host-key-rejected') || refusal) {
      results.push(fail('host-key', name, refusal ? describeRefusal(refusal) : (error as Error).message));
      return skipRest(1, 'the host key was not accepted');
    }
    results.push(pass('host-key', name, 'the host key was accepted'));
    results.push(fail('authentication', name, (error as Error).message));
    return skipRest(2, 'authentication failed');
  }
  try {
    results.push(pass('host-key', name, 'the host key is pinned in the project or was accepted in the review'));
    results.push(pass('authentication', name, `logged in as ${instance.user} (${instance.auth.method})`));
    let dialect: HostDialect;
    try {
      dialect = await openDialect(session, { expectedOs: instance.os });
    } catch (error) {
      results.push(fail('os-shell', name, (error as Error).message));
      return skipRest(3, 'the operating system is not the one the project says');
    }
    results.push(pass('os-shell', name, `${dialect.detection.system}, shell ${dialect.detection.shell}${dialect.detection.powershellVersion ? `, PowerShell ${dialect.detection.powershellVersion}` : ''}`));
    const privilege = await dialect.detectPrivilege(instance.privilege);
    const privilegeOk = privilege.detected !== 'none' && privilege.matches !== false;
    results.push(privilegeOk ? pass('privilege', name, privilege.detail) : fail('privilege', name, privilege.detail));
    if (!privilegeOk) return skipRest(4, 'no administrative privilege as declared');
    const install = await findInstall(dialect, instance.serviceDir);
    if (!install.paths) {
      results.push(fail('cybertrace-installed', name, install.evidence));
      return skipRest(5, 'CyberTrace was not found');
    }
    results.push(pass('cybertrace-installed', name, install.evidence));
    const bytes = await dialect.readFile(install.paths.serviceConf);
    const problem = xmlProblem(bytes);
    results.push(problem ? fail('config-well-formed', name, `${install.paths.serviceConf}: ${problem}`) : pass('config-well-formed', name, `${install.paths.serviceConf}: well-formed`));
    const layout = problem ? undefined : configLayout(bytes);
    results.push(await serviceState(dialect, install.paths.serviceDir, name));
    results.push(await clockCheck(dialect, name));
    results.push(await diskCheck(dialect, install.paths.serviceDir, name));
    return layout === undefined ? { results } : { results, layout };
  } finally {
    await session.close();
  }
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
