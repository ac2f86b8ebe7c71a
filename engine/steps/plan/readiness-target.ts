// Where apply asks for PONG: the input port of InputSettings/ConnectionString, on the address the engine reaches the host by.
import type { ReadinessTarget } from '../../../shared/plan/plan-document.js';
import type { InstanceConfig } from '../../cybertrace/model/types.js';

/** The readiness target, or null with the reason (apply then refuses changes that need a restart). */
export type ReadinessDecision =
  { readonly target: ReadinessTarget; readonly note: string } | { readonly target: null; readonly note: string };

// Listening on every interface: the service answers on the address the engineer gave for the host.
const WILDCARDS = new Set(['', '0.0.0.0', '::', '*']);

/** Reads `host:port` (IPv4, a name, or `[v6]:port`) from the ConnectionString text. */
export function parseConnectionString(text: string): { host: string; port: number } | undefined {
  const match = /^\s*(?:\[([^\]]*)\]|([^:\s]*)):(\d{1,5})\s*$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2] ?? '', port };
}

/**
 * The instance's readiness target from its service config. A wildcard or the project's own host address
 * is reached at the project's host, another address where it is written; a loopback-only service cannot
 * be reached from here, which leaves readiness unknown, with the reason.
 */
export function readinessTarget(projectHost: string, config: InstanceConfig | undefined): ReadinessDecision {
  if (config === undefined) return { target: null, note: 'the configuration was not read' };
  if (!config.service.known) return { target: null, note: config.service.reason };
  const connection = config.service.model.inputConnection;
  if (connection === undefined) return { target: null, note: 'InputSettings/ConnectionString is missing' };
  const parsed = parseConnectionString(connection);
  if (!parsed) return { target: null, note: `InputSettings/ConnectionString ${JSON.stringify(connection)} is not host:port` };
  if (WILDCARDS.has(parsed.host) || parsed.host.toLowerCase() === projectHost.toLowerCase()) {
    return {
      target: { host: projectHost, port: parsed.port },
      note: `InputSettings/ConnectionString ${connection}: PONG is asked at ${projectHost}:${parsed.port}`,
    };
  }
  if (/^127\.|^localhost$|^::1$/i.test(parsed.host)) {
    return {
      target: null,
      note: `the service listens on ${connection}, the host's loopback only: its readiness cannot be checked from here`,
    };
  }
  return { target: { host: parsed.host, port: parsed.port }, note: `InputSettings/ConnectionString ${connection}: PONG is asked there` };
}
