// The engine's handler of `credentials.forget` (contract: shared/contract/ops/credentials.ts).
import type { z } from 'zod';
import type { credentialOperations } from '../../../shared/contract/ops/credentials.js';
import type { CredentialMemory } from '../../ssh/credentials/credential-memory.js';

type Ops = typeof credentialOperations;
/** The credential handlers, typed from their contract entries. */
export type CredentialHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** Creates the handler that empties the engine's credential memory (PromptBroker.credentials). */
export function createCredentialHandlers(memory: CredentialMemory): CredentialHandlers {
  return {
    'credentials.forget': async () => ({ forgotten: memory.forget() }),
  };
}
