// The engine's handler of `run.cancel` (contract: shared/contract/ops/run-control.ts): stops a running step at its next safe point.
import type { z } from 'zod';
import type { runControlOperations } from '../../../shared/contract/ops/run-control.js';
import type { RunRegistry } from '../../steps/run/run-registry.js';

type Ops = typeof runControlOperations;
/** The run-control handlers, typed from their contract entries. */
export type RunControlHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

/** What cancelling reaches: the engine's running runs, and its prompts (a cancelled run's questions close at once). */
export interface RunControlDeps {
  readonly runs: RunRegistry;
  readonly cancelPrompts: (runId: string) => void;
}

/**
 * Creates the handler that asks a running run to stop between hosts' operations. Accepted only for a run
 * that is running now; its open prompts are cancelled with it (the steps waiting on them stop too).
 */
export function createRunControlHandlers(deps: RunControlDeps): RunControlHandlers {
  return {
    'run.cancel': async ({ runId }) => {
      const accepted = deps.runs.cancel(runId);
      if (accepted) deps.cancelPrompts(runId);
      return { accepted };
    },
  };
}
