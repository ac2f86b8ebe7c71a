import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/ssh/session/index.js';
import { PromptSchema } from '../../../shared/contract/events.js';
import { PASSWORD, USER, password, targetFor, testDeps } from './helpers.js';
import { startScriptedServer } from './scripted-server.js';
import type { ScriptedServer } from './scripted-server.js';

// Keyboard-interactive one-time codes (127.0.119.x): a server that asks for the password, then for a
// code, as PAM with an OTP module does. The password round is answered with the password; the code
// round goes to a person through a `kbd-interactive` prompt; answers never reach the transcript.
const OTP = '918273';
const ROUNDS = [[{ prompt: 'Password: ', echo: false }], [{ prompt: 'Verification code: ', echo: false }]];
const TEXTS = [
  { name: '', instructions: '' },
  { name: 'Two-factor login', instructions: 'Enter the 6-digit code from your authenticator app.' },
];
const servers: ScriptedServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function otpServer(address: string, received: string[][] = []): Promise<ScriptedServer> {
  const server = await startScriptedServer({ address, kbdRounds: ROUNDS, kbdExpected: [[PASSWORD], [OTP]], kbdTexts: TEXTS, received });
  servers.push(server);
  return server;
}

describe('keyboard-interactive with a one-time code', () => {
  it("the password round uses the password prompt; the code round is a kbd-interactive prompt with the server's texts", async () => {
    const received: string[][] = [];
    const server = await otpServer('127.0.119.11', received);
    const t = testDeps({ answers: [password(PASSWORD), { kind: 'kbd-interactive', answers: [OTP] }] });
    const session = await openSession(targetFor('127.0.119.11', server.port, { method: 'keyboard-interactive' }), t.deps);
    try {
      expect(t.asked).toHaveLength(2);
      expect(t.asked[0]).toMatchObject({ kind: 'password', purpose: 'ssh', user: USER });
      const code = t.asked[1];
      expect(code).toMatchObject({
        kind: 'kbd-interactive',
        instance: 'node-1',
        user: USER,
        host: '127.0.119.11',
        name: 'Two-factor login',
        instructions: 'Enter the 6-digit code from your authenticator app.',
        prompts: [{ prompt: 'Verification code: ', echo: false }],
        round: 2,
      });
      // The event is valid against the contract the front ends parse.
      expect(PromptSchema.safeParse(code).success).toBe(true);
      expect(received).toEqual([[PASSWORD], [OTP]]);
      await session.exec('echo after login');
      const json = JSON.stringify(t.transcript.toJSON());
      expect(json).not.toContain(OTP);
      expect(json).not.toContain(PASSWORD);
      expect(t.transcript.entries()[0]?.note).toBe(
        'user ctlab, auth keyboard-interactive; keyboard-interactive: "Password:" answered with the password, then "Verification code:" answered by a person',
      );
      // The code is a secret too: anything quoting it later is redacted.
      expect(t.redactor.redact(`code ${OTP}`)).toBe('code [redacted]');
    } finally {
      await session.close();
    }
  });

  it('a wrong code: authentication fails with a message naming both rounds and never the code', async () => {
    const server = await otpServer('127.0.119.12');
    const t = testDeps({ answers: [password(PASSWORD), { kind: 'kbd-interactive', answers: ['000000'] }] });
    const error: unknown = await openSession(targetFor('127.0.119.12', server.port, { method: 'keyboard-interactive' }), t.deps).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({
      code: 'auth-failed',
      message: `authentication failed for ${USER}@127.0.119.12:${server.port} (methods tried: keyboard-interactive ("Password:" answered with the password, then "Verification code:" answered by a person))`,
    });
    expect(String((error as Error).message)).not.toContain('000000');
    expect(JSON.stringify(t.transcript.toJSON())).not.toContain('000000');
  });

  it('a cancelled code prompt ends the login as cancelled; fewer answers than questions is refused before sending', async () => {
    const server = await otpServer('127.0.119.13');
    const cancelled = testDeps({ answers: [password(PASSWORD), { kind: 'cancel' }] });
    await expect(
      openSession(targetFor('127.0.119.13', server.port, { method: 'keyboard-interactive' }), cancelled.deps),
    ).rejects.toMatchObject({ code: 'cancelled' });
    const received: string[][] = [];
    const counted = await otpServer('127.0.119.14', received);
    const short = testDeps({ answers: [password(PASSWORD), { kind: 'kbd-interactive', answers: [] }] });
    await expect(
      openSession(targetFor('127.0.119.14', counted.port, { method: 'keyboard-interactive' }), short.deps),
    ).rejects.toMatchObject({
      code: 'auth-failed',
      message: expect.stringContaining("1 answer(s) needed for the server's questions, 0 given"),
    });
    expect(received).toEqual([[PASSWORD]]);
  });

  it('a code-only server: a lone masked prompt that is not a password prompt goes to a person, not the password', async () => {
    const received: string[][] = [];
    const server = await startScriptedServer({
      address: '127.0.119.15',
      kbdRounds: [[{ prompt: 'Enter PASSCODE: ', echo: false }]],
      kbdExpected: [['777111']],
      received,
    });
    servers.push(server);
    const t = testDeps({ answers: [{ kind: 'kbd-interactive', answers: ['777111'] }] });
    const session = await openSession(targetFor('127.0.119.15', server.port, { method: 'keyboard-interactive' }), t.deps);
    await session.close();
    expect(t.asked.map((prompt) => prompt.kind)).toEqual(['kbd-interactive']);
    expect(received).toEqual([['777111']]);
    expect(session.loginPassword()).toBeUndefined();
  });
});
