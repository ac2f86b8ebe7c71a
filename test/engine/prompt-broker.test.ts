import { describe, expect, it } from 'vitest';
import { EventHub } from '../../engine/api/event-hub.js';
import { PromptBroker } from '../../engine/api/prompt-broker.js';
import type { EngineEvent } from '../../shared/contract/events.js';

function setup(timeoutMs = 5_000) {
  const events = new EventHub();
  const seen: EngineEvent[] = [];
  events.subscribe((event) => seen.push(event));
  return { broker: new PromptBroker(events, timeoutMs), seen };
}

describe('prompt broker', () => {
  it('emits the question as an event and resolves with the matching answer', async () => {
    const { broker, seen } = setup();
    const asked = broker.ask({ kind: 'passphrase', keyPath: '/k' });
    const prompt = seen[0];
    if (prompt?.name !== 'prompt') throw new Error('expected a prompt event');
    expect(prompt.payload).toMatchObject({ kind: 'passphrase', keyPath: '/k' });
    expect(broker.answer(prompt.payload.promptId, { kind: 'password', secret: 'x' })).toBe(false);
    expect(broker.answer(prompt.payload.promptId, { kind: 'passphrase', secret: 's3cret' })).toBe(true);
    await expect(asked).resolves.toEqual({ kind: 'passphrase', secret: 's3cret' });
    expect(seen[1]).toEqual({ name: 'prompt.closed', payload: { promptId: prompt.payload.promptId, reason: 'answered' } });
    expect(broker.answer(prompt.payload.promptId, { kind: 'passphrase', secret: 'again' })).toBe(false);
  });

  it('rejects with cancelled when the person cancels or nobody answers', async () => {
    const { broker, seen } = setup(30);
    const cancelled = broker.ask({ kind: 'password', instance: 'ct1', user: 'u', host: 'h', purpose: 'sudo' });
    const first = seen[0];
    if (first?.name !== 'prompt') throw new Error('expected a prompt event');
    broker.answer(first.payload.promptId, { kind: 'cancel' });
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    await expect(broker.ask({ kind: 'passphrase', keyPath: '/k' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.at(-1)).toMatchObject({ name: 'prompt.closed', payload: { reason: 'timeout' } });
    expect(broker.pendingCount).toBe(0);
  });
});
