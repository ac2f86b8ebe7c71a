import type { AuditReport } from '../../shared/contract/ops/audit.js';

/** One instance's probe target and where its port came from. */
export interface ProbeTarget {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
  /** audit: the input port discovery read from the instance's configuration; default: the port the engineer gave for all. */
  readonly source: 'audit' | 'default';
}

/**
 * Where each instance is probed: its SSH host and, when the audit read it, its own input port
 * (InputSettings/ConnectionString); otherwise the one port the engineer entered.
 */
export function probeTargets(
  instances: readonly { readonly name: string; readonly host: string }[],
  audit: AuditReport | undefined,
  defaultPort: number,
): ProbeTarget[] {
  return instances.map((instance) => {
    const port = audit?.instances.find((audited) => audited.instance === instance.name)?.inputPort.port;
    return port === undefined
      ? { instance: instance.name, host: instance.host, port: defaultPort, source: 'default' }
      : { instance: instance.name, host: instance.host, port, source: 'audit' };
  });
}

/** Reads the port field: a whole number 1-65535, or undefined. */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}
