import type { EngineEvent } from './events.js';
import type { OperationInput, OperationName, OperationOutput, ParsedInput } from './operations.js';

/** The engine as every front end sees it: one async method per operation, plus the event stream. */
export type CthaApi = {
  readonly [K in OperationName]: (input: OperationInput<K>) => Promise<OperationOutput<K>>;
} & {
  /** Subscribes to engine events; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: EngineEvent) => void) => () => void;
};

/** What the engine implements: one handler per operation, given validated input. */
export type OperationHandlers = {
  readonly [K in OperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>>;
};
