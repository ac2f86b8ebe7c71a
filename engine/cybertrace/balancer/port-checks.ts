// Balancer forwards events to each Instance@matching_port: it must be the port the instance listens on.
import type { BalancerFacts, PortCheck } from '../../../shared/contract/ops/audit.js';

/** An instance's input port as the model read it (InputSettings/ConnectionString), or why it is unknown. */
export interface InputPort {
  readonly port?: number;
  readonly evidence: string;
}

/**
 * Checks each project instance against the Balancer Instance with the same host (compared without case),
 * and lists the Balancer's instances that no project instance has: events Balancer sends there are
 * matched by a host this audit does not see.
 */
export function checkInputPorts(
  instances: readonly { readonly name: string; readonly host: string }[],
  facts: BalancerFacts,
  inputPorts: ReadonlyMap<string, InputPort>,
): { checks: PortCheck[]; notInProject: string[] } {
  const key = (host: string): string => host.trim().toLowerCase();
  const checks = instances.map((instance): PortCheck => {
    const base = { instance: instance.name, host: instance.host };
    const listed = facts.instances.filter((entry) => key(entry.host) === key(instance.host));
    const input = inputPorts.get(instance.name) ?? { evidence: 'the instance was not audited' };
    const inputPort = input.port === undefined ? {} : { inputPort: input.port };
    if (listed.length === 0) {
      return {
        ...base,
        ...inputPort,
        state: 'not-listed',
        evidence: `${facts.source} has no Instance for ${instance.host} (it lists ${facts.instances.map((entry) => entry.host).join(', ') || 'none'})`,
      };
    }
    const ports = [...new Set(listed.map((entry) => entry.matchingPort))];
    const balancerPort = ports.length === 1 ? ports[0] : undefined;
    if (balancerPort === undefined) {
      const why =
        ports.length > 1
          ? `lists ${instance.host} ${listed.length} times with different ports`
          : `has no valid matching_port for ${instance.host}`;
      return { ...base, ...inputPort, state: 'unknown', evidence: `${facts.source} ${why}` };
    }
    if (input.port === undefined) return { ...base, balancerPort, state: 'unknown', evidence: `input port unknown: ${input.evidence}` };
    const evidence = `Balancer sends to ${instance.host}:${balancerPort}; the instance listens on port ${input.port} (${input.evidence})`;
    return { ...base, balancerPort, inputPort: input.port, state: balancerPort === input.port ? 'match' : 'mismatch', evidence };
  });
  const projectHosts = new Set(instances.map((instance) => key(instance.host)));
  const notInProject = facts.instances.map((entry) => entry.host).filter((host) => !projectHosts.has(key(host)));
  return { checks, notInProject };
}
