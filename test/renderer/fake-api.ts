import { vi } from 'vitest';
import type { CthaApi } from '../../shared/contract/api.js';
import { ApiError } from '../../shared/contract/errors.js';
import type { EngineEvent } from '../../shared/contract/events.js';
import { OPERATION_NAMES } from '../../shared/contract/operation-names.js';
import type { Project } from '../../shared/project/schema.js';

type Operations = Omit<CthaApi, 'onEvent'>;

/** A fake engine: every operation is a vi.fn that fails unless a test supplies it; events are emitted by hand. */
export function fakeApi(overrides: Partial<Operations> = {}) {
  const listeners = new Set<(event: EngineEvent) => void>();
  const unfaked = (op: string) => async (): Promise<never> => {
    throw new ApiError({ code: 'internal', message: `${op} is not faked in this test` });
  };
  // Every operation of the contract, so a test of one step never depends on which others exist.
  const ops = Object.fromEntries(OPERATION_NAMES.map((op) => [op, vi.fn(overrides[op] ?? unfaked(op))])) as unknown as Operations;
  const api: CthaApi = {
    ...ops,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, emit: (event: EngineEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

/** A valid two-instance project, as the engine returns it from project.open. */
export function sampleProject(): Project {
  return {
    schemaVersion: 1,
    name: 'Customer cluster',
    instances: [
      { name: 'ct1', host: '10.0.0.11', port: 22, os: 'linux', user: 'admin', auth: { method: 'agent' }, privilege: 'sudo' },
      {
        name: 'ct2',
        host: '10.0.0.12',
        port: 2222,
        os: 'windows',
        user: 'Administrator',
        auth: { method: 'password' },
        privilege: 'administrator',
      },
    ],
    referenceInstance: 'ct1',
    reqRuleName: 'REQ',
    hostKeys: [],
    waivers: [],
    attestations: [],
  };
}
