// Answers "which keys does this known_hosts text trust for host:port", and turns the answer into
// project pins, so an engineer's existing OpenSSH trust can seed the project instead of a prompt.
import type { PinnedHostKey } from '../../../shared/project/schema.js';
import { PinnedHostKeySchema } from '../../../shared/project/schema.js';
import { hostsMatch } from './known-hosts-match.js';
import type { KnownHostsNote, ParsedKnownHosts } from './known-hosts-parse.js';
import { parseKnownHosts } from './known-hosts-parse.js';

/** A key known_hosts trusts for one host:port, and the line that says so. */
export interface KnownHostKey {
  readonly type: string;
  readonly fingerprint: string;
  readonly line: number;
}

/** The trusted keys for one host:port, every revoked fingerprint, and the file's remarks. */
export interface KnownHostsLookup {
  readonly keys: readonly KnownHostKey[];
  /** Fingerprints of every `@revoked` line, for any host: such a key is refused everywhere. */
  readonly revoked: readonly string[];
  readonly problems: readonly KnownHostsNote[];
  readonly notes: readonly KnownHostsNote[];
}

/** Every fingerprint the file revokes; stricter than OpenSSH, which applies @revoked per host pattern. */
export function revokedFingerprints(parsed: ParsedKnownHosts): readonly string[] {
  return [...new Set(parsed.entries.filter((entry) => entry.marker === 'revoked').map((entry) => entry.fingerprint))];
}

/** The keys an already parsed known_hosts trusts for host:port, revoked ones left out. */
export function lookupKnownHosts(parsed: ParsedKnownHosts, host: string, port: number): KnownHostsLookup {
  const revoked = revokedFingerprints(parsed);
  const notes = [...parsed.notes];
  const keys: KnownHostKey[] = [];
  for (const entry of parsed.entries) {
    if (entry.marker !== 'none' || !hostsMatch(entry.hosts, host, port)) continue;
    if (revoked.includes(entry.fingerprint)) {
      notes.push({ line: entry.line, message: `${entry.type} ${entry.fingerprint} is listed but also @revoked: refused` });
    } else if (!keys.some((key) => key.fingerprint === entry.fingerprint)) {
      keys.push({ type: entry.type, fingerprint: entry.fingerprint, line: entry.line });
    }
  }
  return { keys, revoked, problems: parsed.problems, notes };
}

/** Keys known_hosts text trusts for host:port (port 22 = bare name), with revoked and bad lines reported. */
export function knownHostsFingerprints(text: string, host: string, port: number): KnownHostsLookup {
  return lookupKnownHosts(parseKnownHosts(text), host, port);
}

/** Pins for the given hosts taken from known_hosts text; unpinnable key types become notes. */
export function pinsFromKnownHosts(
  text: string,
  endpoints: readonly { readonly host: string; readonly port: number }[],
): {
  readonly pins: readonly PinnedHostKey[];
  readonly revoked: readonly string[];
  readonly problems: readonly KnownHostsNote[];
  readonly notes: readonly KnownHostsNote[];
} {
  const parsed = parseKnownHosts(text);
  const pins: PinnedHostKey[] = [];
  // Keyed by line and text: the file's own notes come back once per endpoint looked up.
  const notes = new Map<string, KnownHostsNote>();
  const note = (entry: KnownHostsNote): void => void notes.set(`${entry.line}|${entry.message}`, entry);
  for (const { host, port } of endpoints) {
    const found = lookupKnownHosts(parsed, host, port);
    found.notes.forEach(note);
    for (const key of found.keys) {
      // The project schema is the judge: a key it would refuse must not reach the project file.
      const pin = PinnedHostKeySchema.safeParse({ host, port, type: key.type, fingerprint: key.fingerprint });
      if (pin.success) pins.push(pin.data);
      else note({ line: key.line, message: `${key.type} keys cannot be pinned; line skipped for ${host}:${port}` });
    }
  }
  return { pins, revoked: revokedFingerprints(parsed), problems: parsed.problems, notes: [...notes.values()] };
}
