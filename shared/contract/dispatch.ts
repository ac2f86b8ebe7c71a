import type { OperationHandlers } from './api.js';
import type { Envelope } from './envelope.js';
import { ApiError } from './errors.js';
import { issuesFromZod } from '../project/issues.js';
import type { OperationName } from './operations.js';
import { isOperationName } from './operation-names.js';
import { operations } from './operations.js';

/**
 * The single door into the engine for every transport: checks the operation name and validates the
 * payload against the contract before any handler sees it, then validates what the handler returns.
 */
export async function dispatch(handlers: OperationHandlers, op: unknown, payload: unknown): Promise<Envelope<unknown>> {
  if (!isOperationName(op)) {
    return { ok: false, error: { code: 'unknown-operation', message: `unknown operation ${JSON.stringify(op)}` } };
  }
  const input = operations[op].input.safeParse(payload);
  if (!input.success) {
    return {
      ok: false,
      error: { code: 'invalid-input', message: `invalid input for ${op}`, issues: issuesFromZod(input.error) },
    };
  }
  try {
    const handler = handlers[op] as (input: unknown) => Promise<unknown>;
    const value: unknown = await handler(input.data);
    const output = operations[op].output.safeParse(value);
    if (!output.success) {
      return { ok: false, error: { code: 'internal', message: `the engine returned an invalid result for ${op}` } };
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toData() };
    return { ok: false, error: { code: 'internal', message: describe(op, error) } };
  }
}

function describe(op: OperationName, error: unknown): string {
  return `${op} failed: ${error instanceof Error ? error.message : String(error)}`;
}
