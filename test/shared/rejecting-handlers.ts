// Handlers for the operations a test does not exercise: each one fails loudly if it is ever reached.
import { vi } from 'vitest';
import type { OperationHandlers } from '../../shared/contract/api.js';
import { OPERATION_NAMES } from '../../shared/contract/operation-names.js';

/** Every operation of the contract as a handler that rejects with "<name> is not under test". */
export function rejectingHandlers(): OperationHandlers {
  const entries = OPERATION_NAMES.map((name) => [name, vi.fn(() => Promise.reject(new Error(`${name} is not under test`)))]);
  return Object.fromEntries(entries) as unknown as OperationHandlers;
}
