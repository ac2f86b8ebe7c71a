// The Balancer's part of an audit: which kl_balancer.conf, the alert target it gives, and the port checks.
import { balancerAlertTarget } from '../../cybertrace/balancer/alert-target.js';
import { checkInputPorts } from '../../cybertrace/balancer/port-checks.js';
import { readBalancerFile, readBalancerOverSsh } from '../../cybertrace/balancer/read-balancer.js';
import type { BalancerReading } from '../../cybertrace/balancer/read-balancer.js';
import type { ClusterRun } from '../run/run-types.js';
import type { BalancerAudit, InstanceAudit } from './types.js';

/**
 * Reads kl_balancer.conf: the local file when given, else over the run's Balancer session with the
 * Balancer host's side and the instances' HTTPS certificates (REFERENCE 3.6); undefined when there is neither.
 */
export async function readRunBalancer(
  run: Pick<ClusterRun, 'balancer'> & Partial<Pick<ClusterRun, 'members'>>,
  localPath: string | undefined,
): Promise<BalancerReading | undefined> {
  if (localPath !== undefined) return readBalancerFile(localPath);
  const host = run.balancer;
  if (host === undefined) return undefined;
  if (!host.ok)
    return {
      ok: false,
      source: `${host.instance.name} (${host.instance.host})`,
      error: `the Balancer host could not be opened (${host.stage}): ${host.reason}`,
    };
  return readBalancerOverSsh(host, run.members ?? []);
}

/** Where alerts go, from the reading (or why that is unknown). */
export function alertTargetOf(reading: BalancerReading | undefined, projectBalancerHost: string | undefined): BalancerAudit['alertTarget'] {
  if (reading === undefined)
    return { evidence: 'no kl_balancer.conf was read: give one (--balancer-conf) or add the Balancer host to the project' };
  if (!reading.ok) return { evidence: `kl_balancer.conf could not be read: ${reading.error}` };
  return balancerAlertTarget(reading.facts, projectBalancerHost);
}

/** The Balancer section of the audit once the instances' input ports are known. */
export function balancerAudit(
  reading: BalancerReading | undefined,
  alertTarget: BalancerAudit['alertTarget'],
  instances: readonly { name: string; host: string }[],
  audits: readonly InstanceAudit[],
): BalancerAudit {
  if (reading === undefined || !reading.ok) return { ...(reading ? { reading } : {}), alertTarget, portChecks: [], notInProject: [] };
  const ports = new Map(audits.map((audit) => [audit.name, audit.inputPort]));
  const { checks, notInProject } = checkInputPorts(instances, reading.facts, ports);
  return { reading, facts: reading.facts, alertTarget, portChecks: checks, notInProject };
}
