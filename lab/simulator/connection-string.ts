import { ConfigError } from './config-error.js';

/** An IPv4 address and TCP port. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Where a ConnectionString points: a TCP endpoint or a Windows named pipe (which the lab cannot serve). */
export type ConnectionTarget = ({ readonly kind: 'tcp' } & Endpoint) | { readonly kind: 'pipe'; readonly name: string };

const PIPE = /^\\\\\.\\pipe\\(.+)$/;
const IPV4_PORT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})$/;

/**
 * Parses `ip:port` (four dotted decimal octets below 256) or `\\.\pipe\name` (REFERENCE.md 1.4.1).
 * Port 0 is accepted as a lab convenience: the OS picks a free port, which the log reports.
 */
export function parseConnectionString(value: string, where: string): ConnectionTarget {
  const pipe = PIPE.exec(value);
  if (pipe?.[1] !== undefined) return { kind: 'pipe', name: pipe[1] };
  const match = IPV4_PORT.exec(value);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  const port = Number(match?.[5]);
  if (!match || octets.some((octet) => octet > 255) || port > 65535) {
    throw new ConfigError('invalid-value', `${where}: expected ip:port or \\\\.\\pipe\\name, got "${value}"`);
  }
  return { kind: 'tcp', host: octets.join('.'), port };
}

/** Parses a ConnectionString that must be TCP, because the lab only speaks TCP. */
export function parseTcpEndpoint(value: string, where: string): Endpoint {
  const target = parseConnectionString(value, where);
  if (target.kind === 'pipe') throw new ConfigError('invalid-value', `${where}: named pipes are not supported by the lab simulator`);
  return { host: target.host, port: target.port };
}
