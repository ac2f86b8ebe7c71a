// Which host key type ssh2 asks the server for. The server signs with the first type in the
// client's list that it has, so putting the pinned types first makes an honest host present a
// pinned key, where ssh2's default order (ed25519 first) would present an unpinned one.
import type { PinnedHostKey } from '../../../shared/project/schema.js';
import { sameEndpoint } from './decision.js';

// Signature algorithms ssh2 can negotiate for each key type, strongest first.
const ALGORITHMS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-dss': ['ssh-dss'],
};
const DEFAULT_ORDER = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'];

/**
 * ssh2 `algorithms.serverHostKey` list that asks for the endpoint's pinned key types first, as
 * OpenSSH does with known_hosts; an exact list because ssh2's `prepend` ignores names already present.
 */
export function hostKeyAlgorithmsFor(
  pinned: readonly PinnedHostKey[],
  endpoint: { readonly host: string; readonly port: number },
): string[] {
  const pinnedTypes = pinned.filter((pin) => sameEndpoint(pin, endpoint)).map((pin) => pin.type);
  const order = [...new Set([...pinnedTypes, ...DEFAULT_ORDER])];
  return order.flatMap((type) => ALGORITHMS_BY_TYPE[type] ?? []);
}
