import { describe, expect, it, vi } from 'vitest';
import type { OperationHandlers } from '../../shared/contract/api.js';
import { createBridge } from '../../shared/contract/bridge.js';
import { createClient } from '../../shared/contract/client.js';
import { dispatch } from '../../shared/contract/dispatch.js';
import { ApiError } from '../../shared/contract/errors.js';
import { OPERATION_NAMES } from '../../shared/contract/operation-names.js';
import { rejectingHandlers } from './rejecting-handlers.js';

function fakeHandlers(overrides: Partial<OperationHandlers> = {}): OperationHandlers {
  return {
    ...rejectingHandlers(),
    'app.info': vi.fn(async () => ({ name: 'x', version: '1.0.0', frontEnd: 'browser' as const })),
    'project.validate': vi.fn(async () => ({ ok: false as const, issues: [] })),
    'project.open': vi.fn(async () => {
      throw new ApiError({ code: 'not-found', message: 'no such file: /x.ctha.json' });
    }),
    'project.save': vi.fn(async ({ path }) => ({ path, sha256: 'ab', bytes: 2 })),
    'prechecks.run': vi.fn(async () => ({ results: [], pinned: [], projectSaved: false })),
    'prompt.answer': vi.fn(async () => ({ accepted: false })),
    ...overrides,
  };
}

describe('dispatch', () => {
  it('refuses an unknown operation', async () => {
    expect(await dispatch(fakeHandlers(), 'fs.delete', {})).toEqual({
      ok: false,
      error: { code: 'unknown-operation', message: 'unknown operation "fs.delete"' },
    });
    expect((await dispatch(fakeHandlers(), '__proto__', {})).ok).toBe(false);
  });

  it('never lets an invalid payload reach the handler', async () => {
    const handlers = fakeHandlers();
    const envelope = await dispatch(handlers, 'project.open', { path: 42 });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('invalid-input');
      expect(envelope.error.issues?.[0]?.path).toBe('path');
    }
    expect(handlers['project.open']).not.toHaveBeenCalled();
  });

  it('passes ApiError through as data and hides other exceptions behind internal', async () => {
    expect(await dispatch(fakeHandlers(), 'project.open', { path: '/x.ctha.json' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such file: /x.ctha.json' },
    });
    const crashing = fakeHandlers({
      'app.info': async () => {
        throw new Error('boom');
      },
    });
    expect(await dispatch(crashing, 'app.info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'app.info failed: boom' } });
  });

  it('refuses a handler result that breaks the contract', async () => {
    const lying = fakeHandlers({ 'app.info': async () => ({ name: 'x' }) as never });
    expect(await dispatch(lying, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('bridge and client', () => {
  const wire = (handlers: OperationHandlers) =>
    createClient(
      createBridge(
        (op, payload) => dispatch(handlers, op, JSON.parse(JSON.stringify(payload))),
        () => () => undefined,
      ),
    );

  it('exposes exactly one method per operation, plus onEvent', () => {
    const bridge = createBridge(
      async () => ({ ok: true, value: null }),
      () => () => undefined,
    );
    expect(Object.keys(bridge).sort()).toEqual([...OPERATION_NAMES, 'onEvent'].sort());
  });

  it('round-trips a call and rethrows engine errors as ApiError with their code', async () => {
    const api = wire(fakeHandlers());
    expect(await api['project.save']({ path: '/a.ctha.json', project: {} })).toEqual({ path: '/a.ctha.json', sha256: 'ab', bytes: 2 });
    const failure = await api['project.open']({ path: '/x.ctha.json' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('not-found');
  });

  it('rejects a malformed reply from the transport', async () => {
    const api = createClient(
      createBridge(
        async () => ({ ok: true, value: { version: 3 } }),
        () => () => undefined,
      ),
    );
    await expect(api['app.info']({})).rejects.toThrow('malformed reply to app.info');
  });

  it('delivers only well-formed events', () => {
    let push: (event: unknown) => void = () => undefined;
    const api = createClient(
      createBridge(
        async () => ({ ok: true, value: null }),
        (listener) => {
          push = listener;
          return () => undefined;
        },
      ),
    );
    const seen: string[] = [];
    api.onEvent((event) => seen.push(event.name));
    push({ name: 'log', payload: { level: 'info', message: 'hello', time: '2026-01-01T00:00:00Z' } });
    push({ name: 'log', payload: { level: 'loud' } });
    push({ name: 'exec', payload: {} });
    expect(seen).toEqual(['log']);
  });
});

describe('operation names', () => {
  it('are exactly the operations the contract defines', async () => {
    const { operations } = await import('../../shared/contract/operations.js');
    expect([...OPERATION_NAMES].sort()).toEqual(Object.keys(operations).sort());
  });
});
