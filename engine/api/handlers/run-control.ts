// The engine's handler of `run.cancel` (contract: shared/contract/ops/run-control.ts). Placeholder until built.
import type { z } from 'zod';
import type { runControlOperations } from '../../../shared/contract/ops/run-control.js';

type Ops = typeof runControlOperations;
/** The run-control handlers, typed from their contract entries. */
export type RunControlHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** Creates the handler that asks a running cluster run to stop between hosts' operations. */
export function createRunControlHandlers(): RunControlHandlers {
  return { 'run.cancel': async () => ({ accepted: false }) };
}
