// The prompt broker's credential rules: login passwords asked once per user@host, one at a time per user,
// a user-wide answer serving the hosts still waiting, a refusal re-asked with its reason, one Cancel per run.
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import type { EngineEvent, Prompt, PromptAnswer } from '../../../shared/contract/events.js';

type LoginPrompt = Extract<Prompt, { kind: 'password' }>;

function setup() {
  const events = new EventHub();
  const seen: EngineEvent[] = [];
  events.subscribe((event) => seen.push(event));
  const broker = new PromptBroker(events, 5_000);
  const prompts = (): Prompt[] => seen.flatMap((event) => (event.name === 'prompt' ? [event.payload] : []));
  const open = (): Prompt[] => {
    const closed = new Set(seen.flatMap((event) => (event.name === 'prompt.closed' ? [event.payload.promptId] : [])));
    return prompts().filter((prompt) => !closed.has(prompt.promptId));
  };
  return { broker, seen, prompts, open };
}

const login = (host: string, extra: Partial<LoginPrompt> = {}) =>
  ({ kind: 'password', instance: host, user: 'admin', host, purpose: 'ssh', ...extra }) as const;

// Lets queued promise chains run (bounded: a fixed number of turns of the microtask queue).
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

function answerOnly(broker: PromptBroker, open: () => Prompt[], answer: PromptAnswer): Prompt {
  const [prompt, ...rest] = open();
  if (!prompt || rest.length > 0) throw new Error(`expected exactly one open prompt, found ${open().length}`);
  expect(broker.answer(prompt.promptId, answer)).toBe(true);
  return prompt;
}

describe('prompt broker: login passwords', () => {
  it('asks once per user@host: a second question for the same login is answered from memory, another host is asked', async () => {
    const { broker, prompts, open } = setup();
    const first = broker.ask(login('10.0.0.1'));
    await settle();
    answerOnly(broker, open, { kind: 'password', secret: 'pw1' });
    await expect(first).resolves.toMatchObject({ secret: 'pw1' });
    await expect(broker.ask(login('10.0.0.1'))).resolves.toMatchObject({ secret: 'pw1' });
    expect(prompts()).toHaveLength(1);
    const other = broker.ask(login('10.0.0.2'));
    await settle();
    expect(prompts()).toHaveLength(2);
    answerOnly(broker, open, { kind: 'password', secret: 'pw2' });
    await expect(other).resolves.toMatchObject({ secret: 'pw2' });
    // sudo and REST passwords are never answered from the login memory.
    const sudo = broker.ask(login('10.0.0.1', { purpose: 'sudo' }));
    expect(prompts().at(-1)).toMatchObject({ purpose: 'sudo' });
    answerOnly(broker, open, { kind: 'password', secret: 'sudo-pw' });
    await expect(sudo).resolves.toMatchObject({ secret: 'sudo-pw' });
  });

  it('shows one prompt at a time per user; a user-wide answer answers the hosts still waiting', async () => {
    const { broker, prompts, open } = setup();
    const asked = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((host) => broker.ask(login(host)));
    const root = broker.ask({ ...login('10.0.0.1'), user: 'root' });
    await settle();
    // One for admin, one for root: the other admin hosts wait behind the first.
    expect(prompts().map((prompt) => (prompt.kind === 'password' ? prompt.user : prompt.kind))).toEqual(['admin', 'root']);
    const adminPrompt = prompts()[0];
    if (!adminPrompt) throw new Error('no prompt');
    broker.answer(adminPrompt.promptId, { kind: 'password', secret: 'shared', scope: 'user' });
    // The first gets the person's answer; the two waiting hosts get it from memory, never shown.
    expect(await Promise.all(asked)).toEqual([
      { kind: 'password', secret: 'shared', scope: 'user' },
      { kind: 'password', secret: 'shared' },
      { kind: 'password', secret: 'shared' },
    ]);
    expect(prompts()).toHaveLength(2);
    const rootPrompt = open()[0];
    if (!rootPrompt) throw new Error('no root prompt');
    broker.answer(rootPrompt.promptId, { kind: 'password', secret: 'r' });
    await expect(root).resolves.toMatchObject({ secret: 'r' });
  });

  it('a re-ask after a refusal reaches the person with the reason, and the refused password is not offered again', async () => {
    const { broker, prompts, open } = setup();
    const first = broker.ask(login('10.0.0.1'));
    await settle();
    answerOnly(broker, open, { kind: 'password', secret: 'wrong', scope: 'user' });
    await first;
    const retry = broker.ask(login('10.0.0.1', { retryReason: 'authentication failed for admin@10.0.0.1:22' }));
    await settle();
    expect(prompts()).toHaveLength(2);
    expect(prompts()[1]).toMatchObject({ host: '10.0.0.1', retryReason: 'authentication failed for admin@10.0.0.1:22' });
    // The refused user-wide password is gone: another host of the user is asked rather than tried with it.
    const other = broker.ask(login('10.0.0.2'));
    answerOnly(broker, open, { kind: 'password', secret: 'right' });
    await expect(retry).resolves.toMatchObject({ secret: 'right' });
    await settle();
    expect(prompts()).toHaveLength(3);
    answerOnly(broker, open, { kind: 'password', secret: 'two' });
    await expect(other).resolves.toMatchObject({ secret: 'two' });
    await expect(broker.ask(login('10.0.0.1'))).resolves.toMatchObject({ secret: 'right' });
  });

  it('one Cancel closes every open prompt of its run and refuses its later questions; other runs still ask', async () => {
    const { broker, seen, prompts, open } = setup();
    const run = { runId: 'run-1' };
    const codes = [
      broker.ask({
        kind: 'kbd-interactive',
        instance: 'a',
        user: 'admin',
        host: 'a',
        name: '',
        instructions: '',
        prompts: [{ prompt: 'Code:', echo: false }],
        round: 1,
        ...run,
      }),
      broker.ask({
        kind: 'kbd-interactive',
        instance: 'b',
        user: 'admin',
        host: 'b',
        name: '',
        instructions: '',
        prompts: [{ prompt: 'Code:', echo: false }],
        round: 1,
        ...run,
      }),
    ];
    const logins = ['10.0.0.1', '10.0.0.2'].map((host) => broker.ask(login(host, run)));
    const elsewhere = broker.ask(login('10.0.0.9', { user: 'other', runId: 'run-2' }));
    await settle();
    expect(open()).toHaveLength(4);
    const firstLogin = open().find((prompt) => prompt.kind === 'password' && prompt.runId === 'run-1');
    if (!firstLogin) throw new Error('no login prompt of run-1');
    expect(broker.answer(firstLogin.promptId, { kind: 'cancel' })).toBe(true);
    for (const asked of [...codes, ...logins]) await expect(asked).rejects.toMatchObject({ code: 'cancelled' });
    const cancelled = seen.filter((event) => event.name === 'prompt.closed' && event.payload.reason === 'cancelled');
    expect(cancelled).toHaveLength(3);
    // The queued second login of run-1 was never shown; run-2's prompt is still open.
    expect(prompts().filter((prompt) => prompt.kind === 'password' && prompt.runId === 'run-1')).toHaveLength(1);
    expect(open().map((prompt) => (prompt.kind === 'password' ? prompt.runId : undefined))).toEqual(['run-2']);
    await expect(broker.ask({ kind: 'passphrase', keyPath: '/k', ...run })).rejects.toMatchObject({ code: 'cancelled' });
    answerOnly(broker, open, { kind: 'password', secret: 'x' });
    await expect(elsewhere).resolves.toMatchObject({ secret: 'x' });
    expect(broker.pendingCount).toBe(0);
  });

  it('a Cancel of a re-ask after a refusal declines that host only: the run keeps asking its other hosts', async () => {
    const { broker, prompts, open } = setup();
    const run = { runId: 'run-r' };
    const retry = broker.ask(login('10.0.0.1', { ...run, retryReason: 'authentication failed for admin@10.0.0.1:22' }));
    const other = broker.ask(login('10.0.0.2', run));
    await settle();
    answerOnly(broker, open, { kind: 'cancel' });
    await expect(retry).rejects.toMatchObject({ code: 'cancelled' });
    await settle();
    expect(prompts().map((prompt) => (prompt.kind === 'password' ? prompt.host : ''))).toEqual(['10.0.0.1', '10.0.0.2']);
    answerOnly(broker, open, { kind: 'password', secret: 'two' });
    await expect(other).resolves.toMatchObject({ secret: 'two' });
  });

  it('a cancelled login prompt remembers nothing: the next question for it asks again', async () => {
    const { broker, prompts, open } = setup();
    const first = broker.ask(login('10.0.0.1'));
    await settle();
    answerOnly(broker, open, { kind: 'cancel' });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    const again = broker.ask(login('10.0.0.1'));
    await settle();
    expect(prompts()).toHaveLength(2);
    answerOnly(broker, open, { kind: 'password', secret: 'now' });
    await expect(again).resolves.toMatchObject({ secret: 'now' });
    expect(broker.credentials.forget()).toBe(1);
  });
});
