import type { Project } from '../../shared/project/schema.js';
import { validateProject } from '../../shared/project/parse.js';
import type { LabInstance } from '../spec.js';

/**
 * The project a lab hands the engineer: its instances, the first as reference, password authentication
 * and password sudo (as the lab's hosts require), alerts to the lab's Balancer, and no pinned host keys, so
 * the review flow is used.
 */
export function labProject(name: string, instances: readonly LabInstance[], user: string): Project {
  const result = validateProject({
    schemaVersion: 1,
    name,
    instances: instances.map((instance) => ({
      name: instance.name,
      host: instance.address,
      port: instance.sshPort,
      os: instance.os,
      user,
      auth: { method: 'password' },
      privilege: instance.os === 'windows' ? 'administrator' : 'sudo-password',
      serviceDir: instance.serviceDir,
    })),
    referenceInstance: instances[0]?.name ?? '',
    // The lab runs a Balancer with kl_balancer.conf and an alert sink, so its clusters send alerts there.
    alerts: 'balancer',
  });
  if (!result.ok) throw new Error(`the lab built an invalid project: ${result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  return result.project;
}

/** known_hosts lines for the lab's hosts, in OpenSSH's `[host]:port` form when the port is not 22. */
export function knownHostsLines(hosts: readonly { address: string; port: number; publicKey: string }[]): string {
  return hosts.map((host) => `${host.port === 22 ? host.address : `[${host.address}]:${host.port}`} ${host.publicKey}\n`).join('');
}
