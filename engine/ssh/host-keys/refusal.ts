// Why a host key was refused in a run, in words an engineer can act on. A changed key shows both
// fingerprints: it is a hard stop, and the person must compare them out of band before anything else.
import type { PinnedHostKey } from '../../../shared/project/schema.js';

/** Why a key did not pass. */
export type RefusalReason = 'changed' | 'revoked' | 'refused' | 'conflicting' | 'cancelled' | 'timeout' | 'malformed' | 'closed';

/** One refused key of a run. */
export interface HostKeyRefusal {
  readonly instance: string;
  readonly host: string;
  readonly port: number;
  readonly type: string;
  readonly fingerprint: string;
  readonly reason: RefusalReason;
  /** For `changed`: the pins the presented key contradicts. */
  readonly pinned?: readonly PinnedHostKey[];
  readonly message?: string;
}

/** A one-paragraph explanation of a refusal, naming both fingerprints when the key changed. */
export function describeRefusal(refusal: HostKeyRefusal): string {
  const where = `${refusal.instance} (${refusal.host}:${refusal.port})`;
  const key = `${refusal.type} ${refusal.fingerprint}`;
  switch (refusal.reason) {
    case 'changed': {
      const pinned = (refusal.pinned ?? []).map((pin) => `${pin.type} ${pin.fingerprint}`).join(', ');
      return (
        `HOST KEY CHANGED for ${where}: the project pins ${pinned}, the host presented ${key}. ` +
        'This is a hard stop: someone may be intercepting the connection, or the host was re-installed. ' +
        'Check the key on the host console (ssh-keygen -lf) before removing the old pin from the project.'
      );
    }
    case 'revoked':
      return `${where} presented ${key}, which known_hosts marks @revoked: it is never accepted.`;
    case 'refused':
      return `${where}: ${key} was not accepted in the host-key review.`;
    case 'conflicting':
      return `${where} presented more than one new key in this run (${key} is one): none of them is accepted.`;
    case 'cancelled':
      return `${where}: the host-key review was cancelled${refusal.message ? ` (${refusal.message})` : ''}; ${key} was not accepted.`;
    case 'timeout':
      return `${where}: nobody answered the host-key review in time; ${key} was not accepted.`;
    case 'malformed':
      return `${where} presented a host key that could not be read${refusal.message ? `: ${refusal.message}` : ''}.`;
    case 'closed':
      return `${where}: the run ended before ${key} was reviewed.`;
  }
}
