// The cancel switch without a lab: the registry accepts only running runs, a cancelled run's session refuses its next
// operation outside a protected section and never interrupts one already started, and cancellableRun ends with `cancelled`.
import { describe, expect, it } from 'vitest';
import { cancellableRun } from '../../../engine/steps/run/cancellable-run.js';
import { gateSession } from '../../../engine/steps/run/gate-session.js';
import { RunRegistry } from '../../../engine/steps/run/run-registry.js';
import type { ClusterRunDeps } from '../../../engine/steps/run/run-types.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { ApiError } from '../../../shared/contract/errors.js';

/** A stand-in session recording the commands it ran; `close` always works. `hold` keeps an exec open until released. */
function fakeSession() {
  const ran: string[] = [];
  let release: (() => void) | undefined;
  const session = {
    secretField: 'kept',
    exec: async (command: string) => {
      ran.push(command);
      if (command === 'hold') await new Promise<void>((resolve) => (release = resolve));
      return { code: 0 };
    },
    close: async () => {
      ran.push('close');
    },
  };
  return { session: session as unknown as SshSession, ran, release: () => release?.() };
}

const deps = (runs: RunRegistry): ClusterRunDeps => ({ ask: (() => Promise.reject(new Error('no prompts here'))) as never, runs });

describe('run cancel switch', () => {
  it('the registry accepts a cancel only for a running run', () => {
    const runs = new RunRegistry();
    expect(runs.cancel('nope')).toBe(false);
    const control = runs.start('run-a');
    expect(() => runs.start('run-a')).toThrow(/already running/);
    expect(runs.cancel('run-a')).toBe(true);
    expect(control.cancelled).toBe(true);
    runs.end(control);
    expect(runs.has('run-a')).toBe(false);
    expect(runs.cancel('run-a')).toBe(false);
  });

  it("a cancelled run's session refuses the next operation, except inside protect; one already started ends normally", async () => {
    const runs = new RunRegistry();
    const control = runs.start();
    const { session, ran, release } = fakeSession();
    const gated = gateSession(session, control, 'ct-2');
    await gated.exec('before');
    const held = gated.exec('hold');
    control.cancel();
    release();
    await expect(held).resolves.toEqual({ code: 0 });
    const refused = gated.exec('after').catch((error: unknown) => error);
    expect(await refused).toBeInstanceOf(ApiError);
    expect(((await refused) as ApiError).code).toBe('cancelled');
    expect(((await refused) as ApiError).message).toBe("the run was cancelled; ct-2's next operation was not started");
    await control.protect(async () => {
      await gated.exec('write inside protect');
    });
    await gated.close();
    expect(ran).toEqual(['before', 'hold', 'write inside protect', 'close']);
    // Plain fields pass through unchanged.
    expect((gated as unknown as { secretField: string }).secretField).toBe('kept');
  });

  it('cancellableRun registers the run under the id it hands down and ends a cancelled one with `cancelled`', async () => {
    const runs = new RunRegistry();
    const done = await cancellableRun(deps(runs), 'The audit', async (inner) => {
      expect(inner.runId).toBeDefined();
      expect(runs.has(inner.runId ?? '')).toBe(true);
      return 'result';
    });
    expect(done).toBe('result');
    const cancelled = cancellableRun(deps(runs), 'The audit', async (inner) => {
      runs.cancel(inner.runId ?? '');
      return 'a result from refused hosts';
    });
    await expect(cancelled).rejects.toMatchObject({
      code: 'cancelled',
      message: expect.stringMatching(/^The audit was cancelled by the engineer/),
    });
    // A failure caused by the cancel is reported as the cancel; another failure passes unchanged.
    const failing = cancellableRun(deps(runs), 'The plan', async (inner) => {
      runs.cancel(inner.runId ?? '');
      throw new Error('a host refused');
    });
    await expect(failing).rejects.toMatchObject({ code: 'cancelled' });
    await expect(
      cancellableRun(deps(runs), 'The plan', async () => {
        throw new Error('a host refused');
      }),
    ).rejects.toThrow('a host refused');
  });
});
