// Reading kl_balancer.conf from a local file or over the run's session to the Balancer host.
import { readFile, stat } from 'node:fs/promises';
import type { BalancerFacts } from '../../../shared/contract/ops/audit.js';
import type { BalancerHost, RunMember, RunOutcome } from '../../steps/run/run-types.js';
import { DEFAULT_SERVICE_DIRS } from '../discovery/install-candidates.js';
import { readBalancerHost } from './balancer-host.js';
import { readInstanceWebCerts } from './instance-web-certs.js';
import { parseBalancerConf } from './parse-balancer-conf.js';

/** A kl_balancer.conf larger than this is not a Balancer config (it lists a few instances). */
export const MAX_BALANCER_CONF_BYTES = 1024 * 1024;

/** kl_balancer.conf read and understood, or why not; never thrown, so an audit can go on without it. */
export type BalancerReading =
  { readonly ok: true; readonly facts: BalancerFacts } | { readonly ok: false; readonly source: string; readonly error: string };

/** Reads and parses a local kl_balancer.conf. */
export async function readBalancerFile(path: string): Promise<BalancerReading> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, source: path, error: `${path} is not a file` };
    if (info.size > MAX_BALANCER_CONF_BYTES)
      return { ok: false, source: path, error: `${path} is ${info.size} bytes; a kl_balancer.conf is far smaller` };
    return { ok: true, facts: parseBalancerConf(await readFile(path), path) };
  } catch (error) {
    return { ok: false, source: path, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads `<balancerDir>/bin/kl_balancer.conf` on the Balancer host (REFERENCE 3.2: the config sits next to
 * the binary). Without balancerDir the CyberTrace install folders are probed, since Balancer ships in the
 * distribution; the source then says which folder was found. The host's side (licence folder, stored
 * certificates, SSL files, service) is read next, and with `instances` each instance's HTTPS certificate
 * alongside, so the audit can compare what Balancer stored (facts.host).
 */
export async function readBalancerOverSsh(
  member: Pick<RunMember<BalancerHost>, 'instance' | 'dialect'>,
  instances: readonly RunOutcome[] = [],
): Promise<BalancerReading> {
  const { dialect, instance } = member;
  const dirs = instance.balancerDir === undefined ? [...DEFAULT_SERVICE_DIRS[dialect.os]] : [instance.balancerDir];
  const paths = dirs.map((dir) => dialect.paths.join(dialect.paths.join(dir, 'bin'), 'kl_balancer.conf'));
  const where = `${instance.name}:${paths.join(' or ')}`;
  try {
    const gathered = await dialect.gather({ files: paths });
    const found = paths.find((path) => gathered.files.get(path) !== undefined);
    const bytes = found === undefined ? undefined : gathered.files.get(found);
    if (found === undefined || bytes === undefined) {
      const hint = instance.balancerDir === undefined ? ' (set balancer.balancerDir in the project)' : '';
      return { ok: false, source: where, error: `no kl_balancer.conf at ${where}${hint}` };
    }
    if (bytes.length > MAX_BALANCER_CONF_BYTES)
      return {
        ok: false,
        source: `${instance.name}:${found}`,
        error: `${found} is ${bytes.length} bytes; a kl_balancer.conf is far smaller`,
      };
    const facts = parseBalancerConf(bytes, `${instance.name}:${found}`);
    const [host, instanceCerts] = await Promise.all([
      readBalancerHost({ dialect, confPath: found, facts, licenseDir: instance.licenseDir }),
      readInstanceWebCerts(instances),
    ]);
    return { ok: true, facts: { ...facts, host: { ...host, instanceCerts } } };
  } catch (error) {
    return { ok: false, source: where, error: error instanceof Error ? error.message : String(error) };
  }
}
