import type { CthaApi } from './api.js';
import type { CthaBridge } from './bridge.js';
import { ApiError, ApiErrorDataSchema } from './errors.js';
import type { EngineEvent } from './events.js';
import { parseEngineEvent } from './events.js';
import type { OperationName } from './operations.js';
import { OPERATION_NAMES } from './operation-names.js';
import { operations } from './operations.js';

/**
 * Wraps a bridge into the typed API: validates each result against the contract and turns
 * error envelopes back into ApiError, so the front end never trusts the transport blindly.
 */
export function createClient(bridge: CthaBridge): CthaApi {
  const api = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const op of OPERATION_NAMES) {
    api[op] = async (input) => {
      const method = bridge[op] as (input: unknown) => Promise<unknown>;
      const envelope: unknown = await method(input);
      return unwrap(op, envelope);
    };
  }
  const onEvent = (listener: (event: EngineEvent) => void): (() => void) =>
    bridge.onEvent((raw) => {
      const event = parseEngineEvent(raw);
      if (event) listener(event);
    });
  return { ...(api as unknown as Omit<CthaApi, 'onEvent'>), onEvent };
}

function unwrap(op: OperationName, envelope: unknown): unknown {
  if (envelope !== null && typeof envelope === 'object' && 'ok' in envelope) {
    if (envelope.ok === true && 'value' in envelope) {
      const parsed = operations[op].output.safeParse(envelope.value);
      if (parsed.success) return parsed.data;
    } else if (envelope.ok === false && 'error' in envelope) {
      const error = ApiErrorDataSchema.safeParse(envelope.error);
      if (error.success) throw new ApiError(error.data);
    }
  }
  throw new ApiError({ code: 'internal', message: `malformed reply to ${op}` });
}
