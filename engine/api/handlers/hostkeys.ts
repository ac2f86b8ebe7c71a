// The engine's handlers of `hostkeys.import` and `hostkeys.pin` (contract: shared/contract/ops/hostkeys.ts).
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { hostKeyOperations } from '../../../shared/contract/ops/hostkeys.js';
import { PinnedHostKeySchema } from '../../../shared/project/schema.js';
import { readProjectFile } from '../../project/project-file.js';
import { savePinnedKeys } from '../../project/save-pinned-keys.js';
import { pinsFromKnownHosts } from '../../ssh/host-keys/known-hosts-lookup.js';
import { parsePastedFingerprint } from '../../ssh/host-keys/pasted-fingerprint.js';
import { PinConflictError } from '../../ssh/host-keys/pin-keys.js';

type Ops = typeof hostKeyOperations;
/** The host-key handlers, typed from their contract entries. */
export type HostKeyHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** Creates the handlers that pin keys obtained out of band; the project is written only when a key was added. */
export function createHostKeyHandlers(): HostKeyHandlers {
  return {
    'hostkeys.import': async ({ path, knownHosts }) => {
      const opened = await readProjectFile(path);
      let text: string;
      try {
        text = await readFile(knownHosts, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ApiError({
          code: code === 'ENOENT' ? 'not-found' : 'io',
          message: code === 'ENOENT' ? `no such file: ${knownHosts}` : `cannot read ${knownHosts}: ${String(error)}`,
        });
      }
      const found = pinsFromKnownHosts(
        text,
        opened.project.instances.map((instance) => ({ host: instance.host, port: instance.port })),
      );
      const revoked = new Set(found.revoked);
      const pins = found.pins.filter((pin) => !revoked.has(pin.fingerprint));
      const saved = await conflictsAsInput(() => savePinnedKeys(opened, pins));
      return {
        path: opened.path,
        pinned: [...saved.pinned],
        alreadyPinned: pins.length - saved.pinned.length,
        projectSaved: saved.projectSaved,
        notes: [...found.problems, ...found.notes],
      };
    },
    'hostkeys.pin': async ({ path, instance: name, fingerprint, type }) => {
      const opened = await readProjectFile(path);
      const instance = opened.project.instances.find((entry) => entry.name === name);
      if (instance === undefined) throw new ApiError({ code: 'invalid-input', message: `no instance "${name}" in ${opened.path}` });
      const pasted = parsePastedFingerprint(fingerprint);
      if (!pasted.ok)
        throw new ApiError({ code: 'invalid-input', message: pasted.message, issues: [{ path: 'fingerprint', message: pasted.message }] });
      const keyType = type ?? pasted.keyType;
      if (keyType === undefined) {
        throw new ApiError({
          code: 'invalid-input',
          message: "the key type is not in the pasted text; give it (ssh-ed25519, or the host key's type)",
          issues: [{ path: 'type', message: 'required' }],
        });
      }
      const pin = PinnedHostKeySchema.safeParse({
        host: instance.host,
        port: instance.port,
        type: keyType,
        fingerprint: pasted.fingerprint,
      });
      if (!pin.success) throw new ApiError({ code: 'invalid-input', message: pin.error.issues[0]?.message ?? 'invalid key' });
      const saved = await conflictsAsInput(() => savePinnedKeys(opened, [pin.data]));
      return { path: opened.path, pinned: [...saved.pinned], alreadyPinned: 1 - saved.pinned.length, projectSaved: saved.projectSaved };
    },
  };
}

// A pin over a different pinned key of the same type is the engineer's to resolve, not an engine fault.
async function conflictsAsInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PinConflictError) throw new ApiError({ code: 'invalid-input', message: error.message });
    throw error;
  }
}
