// Adding accepted host keys to a project, pure: the caller saves the returned project.
import type { PinnedHostKey, Project } from '../../../shared/project/schema.js';
import { PinnedHostKeySchema } from '../../../shared/project/schema.js';
import { sameEndpoint } from './decision.js';

/** Pinning a key would silently replace another pin of the same type for the same endpoint. */
export class PinConflictError extends Error {
  constructor(
    readonly existing: PinnedHostKey,
    readonly incoming: PinnedHostKey,
  ) {
    super(
      `${incoming.host}:${incoming.port} already has a pinned ${existing.type} key ${existing.fingerprint}; ` +
        `refusing to pin ${incoming.fingerprint} over it (remove the old pin explicitly if the host was re-installed)`,
    );
    this.name = 'PinConflictError';
  }
}

/** A new project whose hostKeys also hold the accepted keys; duplicates are skipped, conflicts throw. */
export function pinKeys<P extends Pick<Project, 'hostKeys'>>(project: P, accepted: readonly PinnedHostKey[]): P {
  const hostKeys = [...project.hostKeys];
  for (const candidate of accepted) {
    // Parsing keeps a malformed fingerprint or type out of the project file it would invalidate.
    const pin = PinnedHostKeySchema.parse(candidate);
    const sameType = hostKeys.find((known) => sameEndpoint(known, pin) && known.type === pin.type);
    if (sameType?.fingerprint === pin.fingerprint) continue;
    // A changed key is a hard stop; replacing a pin is never a side effect of accepting one.
    if (sameType) throw new PinConflictError(sameType, pin);
    hostKeys.push(pin);
  }
  return { ...project, hostKeys };
}
