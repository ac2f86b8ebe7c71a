// The engine's handler of `credentials.forget` (contract: shared/contract/ops/credentials.ts).
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { credentialOperations } from '../../../shared/contract/ops/credentials.js';
import type { CredentialMemory } from '../../ssh/credentials/credential-memory.js';
import { CredentialPersistence } from '../../ssh/credentials/credential-persistence.js';

type Ops = typeof credentialOperations;
/** The credential handlers, typed from their contract entries. */
export type CredentialHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/**
 * Creates the handlers: `credentials.forget` empties the engine's credential memory (PromptBroker.credentials)
 * and, when remembering is on, the desktop vault too (answered once the emptied vault is written);
 * `credentials.remember` reads or sets the remember setting (without a vault: unavailable).
 */
export function createCredentialHandlers(
  memory: CredentialMemory,
  persistence: CredentialPersistence = new CredentialPersistence(memory, undefined),
): CredentialHandlers {
  return {
    'credentials.forget': async () => {
      await persistence.loaded;
      const forgotten = memory.forget();
      try {
        await persistence.persisted();
      } catch (error) {
        // Not a success: the encrypted file on this computer may still hold the passwords just forgotten.
        throw new ApiError({
          code: 'io',
          message: `the passwords were forgotten in this session, but the file that remembers them on this computer could not be emptied: ${(error as Error).message}; turn "Remember passwords on this computer" off to delete it`,
        });
      }
      return { forgotten };
    },
    'credentials.remember': async ({ enabled }) => {
      const state = enabled === undefined ? await persistence.state() : await persistence.setEnabled(enabled);
      return { available: state.available, enabled: state.enabled, ...(state.reason === undefined ? {} : { reason: state.reason }) };
    },
  };
}
