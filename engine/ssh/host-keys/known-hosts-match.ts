// Whether a known_hosts line names a given host and port, the way OpenSSH's hostfile.c decides:
// port 22 is written as the bare name, any other port as `[name]:port`; patterns know `*`, `?`
// and `!` negation; hashed names are HMAC-SHA1 of that same string keyed with the line's salt.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KnownHostsHosts } from './known-hosts-parse.js';

/** The names a known_hosts line may use for host:port, lower-cased as OpenSSH compares them. */
export function knownHostsNames(host: string, port: number): readonly string[] {
  const name = host.toLowerCase();
  // OpenSSH writes port 22 bare; `[name]:22` is accepted too because people write it by hand.
  return port === 22 ? [name, `[${name}]:22`] : [`[${name}]:${port}`];
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function matchesPatterns(patterns: readonly string[], names: readonly string[]): boolean {
  let positive = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regex = globToRegExp(negated ? pattern.slice(1) : pattern);
    if (!names.some((name) => regex.test(name))) continue;
    // A matching negation excludes the host from the whole line, whatever else matches.
    if (negated) return false;
    positive = true;
  }
  return positive;
}

function matchesHashed(salt: Buffer, hash: Buffer, names: readonly string[]): boolean {
  return names.some((name) => timingSafeEqual(createHmac('sha1', salt).update(name).digest(), hash));
}

/** True when a known_hosts line's host field covers host:port. */
export function hostsMatch(hosts: KnownHostsHosts, host: string, port: number): boolean {
  const names = knownHostsNames(host, port);
  return hosts.kind === 'hashed' ? matchesHashed(hosts.salt, hosts.hash, names) : matchesPatterns(hosts.patterns, names);
}
