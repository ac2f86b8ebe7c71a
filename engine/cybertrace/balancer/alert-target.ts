// Where the instances' service alerts go in HA: Balancer's address and cybertrace_port (REFERENCE 3.5 step 9).
import type { BalancerFacts } from '../../../shared/contract/ops/audit.js';
import type { ObserveContext } from '../model/types.js';

// Addresses that mean "every interface": Balancer listens there, but no instance can send to them.
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '*']);

/**
 * The alerts requirement's target from kl_balancer.conf. When Balancer listens on every interface, the
 * project's Balancer host (how the engineer reaches it) is used, and the evidence says so; without one
 * the target stays unknown.
 */
export function balancerAlertTarget(
  facts: BalancerFacts,
  projectBalancerHost: string | undefined,
): { value?: NonNullable<ObserveContext['balancer']>; evidence: string } {
  const port = facts.balancer.cybertracePort;
  if (port === undefined) return { evidence: `${facts.source}: Balancer@cybertrace_port is missing or invalid` };
  const address = facts.balancer.address;
  if (address !== '' && !WILDCARDS.has(address))
    return { value: { host: address, cybertracePort: port }, evidence: `${facts.source}: Balancer ${address}, cybertrace_port ${port}` };
  if (projectBalancerHost !== undefined) {
    return {
      value: { host: projectBalancerHost, cybertracePort: port },
      evidence: `${facts.source}: Balancer listens on ${address || '(no address)'}, so the project's Balancer host ${projectBalancerHost} is used with cybertrace_port ${port}`,
    };
  }
  return {
    evidence: `${facts.source}: Balancer listens on ${address || '(no address)'}; the address instances should send alerts to is not known (add the Balancer host to the project)`,
  };
}
