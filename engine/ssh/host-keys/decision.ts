// The host-key decision, pure: compare what a host presents with what the project pins.
// Fail closed: once an endpoint has any pin, a key matching none of them is `changed`, even of
// another type, because a man in the middle chooses the type he presents (OpenSSH would only
// warn and prompt there). hostKeyAlgorithmsFor (host-key-algorithms.ts) keeps an honest host
// whose pins are of another type from tripping this by asking for a pinned type first.
import type { PinnedHostKey } from '../../../shared/project/schema.js';

/** A key a host presented on connection, already fingerprinted. */
export interface PresentedKey {
  readonly host: string;
  readonly port: number;
  readonly type: string;
  readonly fingerprint: string;
}

/** What to do with a presented key; only `pinned` may connect without a person's review. */
export type HostKeyDecision =
  | { readonly status: 'pinned' }
  | { readonly status: 'new' }
  | { readonly status: 'changed'; readonly pinned: readonly PinnedHostKey[] }
  | { readonly status: 'revoked' };

/** True when two host:port pairs name the same endpoint (host names compare case-insensitively, as DNS does). */
export function sameEndpoint(
  a: { readonly host: string; readonly port: number },
  b: { readonly host: string; readonly port: number },
): boolean {
  return a.port === b.port && a.host.toLowerCase() === b.host.toLowerCase();
}

/** Pinned, new, changed (a hard stop, with the pins it contradicts) or revoked (never accepted). */
export function decideHostKey(
  pinned: readonly PinnedHostKey[],
  presented: PresentedKey,
  revoked: ReadonlySet<string> = new Set(),
): HostKeyDecision {
  // Revocation beats a pin: a key someone revoked must not connect even if the project trusts it.
  if (revoked.has(presented.fingerprint)) return { status: 'revoked' };
  const forEndpoint = pinned.filter((pin) => sameEndpoint(pin, presented));
  if (forEndpoint.length === 0) return { status: 'new' };
  const match = forEndpoint.some((pin) => pin.fingerprint === presented.fingerprint && pin.type === presented.type);
  return match ? { status: 'pinned' } : { status: 'changed', pinned: forEndpoint };
}
