import type { Envelope } from './envelope.js';
import type { EngineEvent } from './events.js';
import type { OperationInput, OperationName, OperationOutput } from './operations.js';
import { OPERATION_NAMES } from './operation-names.js';

/** Sends one call across a transport and resolves with its envelope. */
export type Invoke = (op: OperationName, payload: unknown) => Promise<Envelope<unknown>>;
/** Subscribes to the raw event stream of a transport. */
export type Subscribe = (listener: (event: unknown) => void) => () => void;

/**
 * Builds the object a transport exposes to the renderer: one method per operation, each returning
 * plain-data envelopes (safe across contextBridge), plus `onEvent`. The preload and the browser
 * transport both build theirs with it, so their type is derived, never written by hand.
 */
export function createBridge(invoke: Invoke, subscribe: Subscribe) {
  const methods = {} as {
    [K in OperationName]: (input: OperationInput<K>) => Promise<Envelope<OperationOutput<K>>>;
  };
  for (const op of OPERATION_NAMES) {
    (methods as Record<OperationName, (input: unknown) => Promise<Envelope<unknown>>>)[op] = (input) => invoke(op, input);
  }
  return {
    ...methods,
    /** Subscribes to engine events; returns the unsubscribe function. */
    onEvent: (listener: (event: EngineEvent) => void): (() => void) => subscribe(listener as (event: unknown) => void),
  };
}

/** The renderer-facing transport object, as built by createBridge. */
export type CthaBridge = ReturnType<typeof createBridge>;
