import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { PASSWORD, password, targetFor, testDeps } from './helpers.js';
import { startScriptedServer } from './scripted-server.js';
import type { ScriptedOptions, ScriptedServer } from './scripted-server.js';

// An exec's bound covers the whole operation: waiting for a channel slot, the channel open, the
// command. Servers that never (or only late) confirm a channel open (127.0.119.2x).
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sessionTo(
  options: ScriptedOptions,
  maxChannels?: number,
): Promise<{ server: ScriptedServer; session: SshSession; t: ReturnType<typeof testDeps> }> {
  const server = await startScriptedServer(options);
  cleanup.push(() => server.stop());
  const t = testDeps({
    answers: [password(PASSWORD)],
    overrides: { timeouts: { readyMs: 5_000, commandMs: 10_000, closeGraceMs: 300 }, ...(maxChannels ? { maxChannels } : {}) },
  });
  const session = await openSession(targetFor(options.address, server.port), t.deps);
  cleanup.push(() => session.close());
  return { server, session, t };
}

describe('exec timeout from the start of the operation', () => {
  it('a server that never confirms the channel open: timeout within the bound, named as such, transcribed', async () => {
    const { session, t } = await sessionTo({ address: '127.0.119.21', sessionOpen: 'never' });
    const started = Date.now();
    await expect(session.exec('echo never', { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
      message: 'timeout: exec did not start within 0.3 s (the server did not confirm the channel open): echo never',
    });
    expect(Date.now() - started).toBeLessThan(800);
    expect(t.transcript.entries().at(-1)).toMatchObject({ kind: 'exec', command: 'echo never', errorCode: 'timeout', exitCode: null });
  });

  it('a confirmation that arrives after the timeout: the command is never sent, the channel is closed and its slot comes back', async () => {
    const { server, session } = await sessionTo({ address: '127.0.119.22', sessionOpen: { delayMs: 700 } });
    await expect(session.exec('touch /tmp/should-not-run', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout' });
    expect(session.stats().open).toBe(1);
    // The late confirmation comes, the channel is closed unused, the slot is free again.
    await expect.poll(() => session.stats().open, { timeout: 3_000 }).toBe(0);
    expect(server.commands).toEqual([]);
    // The connection still serves: the next exec (confirmed 0.7 s late) runs within its own bound.
    expect((await session.exec('echo later', { timeoutMs: 3_000 })).stdout.toString()).toBe('echo later');
    expect(server.commands).toEqual(['echo later']);
  });

  it('waiting for a free channel slot counts too: no slot within the bound is a timeout that says so', async () => {
    const { server, session } = await sessionTo({ address: '127.0.119.23', exec: 'hang' }, 2);
    const hung = [session.exec('sleep a', { timeoutMs: 3_000 }), session.exec('sleep b', { timeoutMs: 3_000 })].map((run) =>
      run.catch((error: unknown) => error),
    );
    await expect.poll(() => session.stats().open).toBe(2);
    const started = Date.now();
    await expect(session.exec('echo queued', { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'timeout',
      message: 'timeout: exec did not start within 0.3 s (no channel slot became free): echo queued',
    });
    expect(Date.now() - started).toBeLessThan(800);
    await Promise.all(hung);
    // The queued command never ran, even though a slot became free later.
    await expect.poll(() => session.stats().open, { timeout: 3_000 }).toBe(0);
    expect(server.commands).toEqual(['sleep a', 'sleep b']);
  });
});
