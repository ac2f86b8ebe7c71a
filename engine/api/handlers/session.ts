// The engine's handlers of `session.read|save|clear` (contract: shared/contract/ops/session.ts). Placeholder until built.
import type { z } from 'zod';
import type { sessionOperations } from '../../../shared/contract/ops/session.js';
import { ApiError } from '../../../shared/contract/errors.js';

type Ops = typeof sessionOperations;
/** The session handlers, typed from their contract entries. */
export type SessionHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

const notYet = async (): Promise<never> => {
  throw new ApiError({ code: 'internal', message: 'the wizard session is not available in this build' });
};

/** Creates the handlers that read, save and clear the wizard session beside a project. */
export function createSessionHandlers(): SessionHandlers {
  return { 'session.read': notYet, 'session.save': notYet, 'session.clear': notYet };
}
