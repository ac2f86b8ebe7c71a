import type { BalancerSchema, Project } from '../../shared/project/schema.js';
import type { z } from 'zod';
import { validateProject } from '../../shared/project/parse.js';
import type { LabBalancer, LabInstance } from '../spec.js';

/** How a lab's project logs in: the lab's key instead of the password, and sudo without a password (demo labs only). */
export interface LabLogin {
  /** The lab's private key: the project uses key authentication with it (nothing to type). */
  readonly keyPath?: string;
  /** The hosts let the lab user use sudo without a password: privilege `sudo` instead of `sudo-password`. */
  readonly passwordlessSudo?: boolean;
}

/**
 * The project a lab hands the engineer: its instances, the first as reference, password authentication
 * and password sudo (as the lab's hosts require) unless `login` says the lab's key and passwordless sudo,
 * alerts to the lab's Balancer, and no pinned host keys, so the review flow is used.
 */
export function labProject(name: string, instances: readonly LabInstance[], user: string, login: LabLogin = {}): Project {
  const linuxPrivilege = login.passwordlessSudo === true ? 'sudo' : 'sudo-password';
  const result = validateProject({
    schemaVersion: 1,
    name,
    instances: instances.map((instance) => ({
      name: instance.name,
      host: instance.address,
      port: instance.sshPort,
      os: instance.os,
      user,
      auth: login.keyPath === undefined ? { method: 'password' } : { method: 'key', keyPath: login.keyPath },
      privilege: instance.os === 'windows' ? 'administrator' : linuxPrivilege,
      serviceDir: instance.serviceDir,
    })),
    referenceInstance: instances[0]?.name ?? '',
    // The lab runs a Balancer with kl_balancer.conf and an alert sink, so its clusters send alerts there.
    alerts: 'balancer',
  });
  if (!result.ok)
    throw new Error(`the lab built an invalid project: ${result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  return result.project;
}

/** known_hosts lines for the lab's hosts, in OpenSSH's `[host]:port` form when the port is not 22. */
export function knownHostsLines(hosts: readonly { address: string; port: number; publicKey: string }[]): string {
  return hosts.map((host) => `${host.port === 22 ? host.address : `[${host.address}]:${host.port}`} ${host.publicKey}\n`).join('');
}

/**
 * The project's `balancer` entry for a lab whose Balancer runs on one of its hosts (lab.json's
 * balancer.host): that host's login, and `balancerDir` its `%service_dir%`. Undefined when it has none.
 * The lab's own project leaves it out, so an audit reads the Balancer host only when a test or the
 * engineer adds it.
 */
export function labBalancerEntry(balancer: LabBalancer, project: Project): z.input<typeof BalancerSchema> | undefined {
  const host = project.instances.find((instance) => instance.name === balancer.host);
  if (host === undefined) return undefined;
  return {
    name: 'balancer',
    host: host.host,
    port: host.port,
    os: host.os,
    user: host.user,
    auth: host.auth,
    privilege: host.privilege,
    ...(host.serviceDir ? { balancerDir: host.serviceDir } : {}),
  };
}
