// How the command line answers a `password` prompt (cli/commands/secret-input.ts answerPassword): the refusal
// shown before a re-ask, the y/N scope offer on SSH logins, a refused --password-env password not sent again.
import { describe, expect, it } from 'vitest';
import { answerPassword } from '../../../cli/commands/secret-input.js';
import type { Prompt } from '../../../shared/contract/events.js';

type LoginPrompt = Extract<Prompt, { kind: 'password' }>;
const login: LoginPrompt = { kind: 'password', promptId: 'p', instance: 'ct1', user: 'admin', host: '10.0.0.11', purpose: 'ssh' };

function terminal(secret: string, line: string) {
  const asked: string[] = [];
  const written: string[] = [];
  return {
    asked,
    written,
    io: {
      readSecret: async (question: string) => {
        asked.push(question);
        return secret;
      },
      readLine: async (question: string) => {
        asked.push(question);
        return line;
      },
      err: (text: string) => written.push(text),
    },
  };
}

describe('answerPassword (CLI)', () => {
  it('asks the password, then whether to use it for every instance with the user', async () => {
    const yes = terminal('pw', 'y');
    await expect(answerPassword(login, undefined, yes.io)).resolves.toEqual({ kind: 'password', secret: 'pw', scope: 'user' });
    expect(yes.asked).toEqual(['Password for admin@10.0.0.11 (ct1, ssh): ', 'Use it for every instance with user admin? [y/N] ']);
    const no = terminal('pw', '');
    await expect(answerPassword(login, undefined, no.io)).resolves.toEqual({ kind: 'password', secret: 'pw', scope: 'host' });
  });

  it('shows the refusal before a re-ask; a sudo password gets no scope question', async () => {
    const t = terminal('pw2', 'n');
    await answerPassword({ ...login, retryReason: 'authentication failed for admin@10.0.0.11:22' }, undefined, t.io);
    expect(t.written).toEqual(['Refused: authentication failed for admin@10.0.0.11:22']);
    const sudo = terminal('s', 'y');
    await expect(answerPassword({ ...login, purpose: 'sudo' }, undefined, sudo.io)).resolves.toEqual({ kind: 'password', secret: 's' });
    expect(sudo.asked).toHaveLength(1);
  });

  it('answers from --password-env user-wide, and refuses to send it again after a refusal', async () => {
    const t = terminal('unused', 'unused');
    await expect(answerPassword(login, 'env-pw', t.io)).resolves.toEqual({ kind: 'password', secret: 'env-pw', scope: 'user' });
    await expect(answerPassword({ ...login, retryReason: 'refused' }, 'env-pw', t.io)).rejects.toThrow(
      /password from --password-env was refused for admin@10.0.0.11/,
    );
    expect(t.asked).toEqual([]);
  });
});
