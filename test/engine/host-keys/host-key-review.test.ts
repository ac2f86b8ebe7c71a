import { describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../engine/api/event-hub.js';
import { PromptBroker } from '../../../engine/api/prompt-broker.js';
import { HostKeyReview } from '../../../engine/ssh/host-keys/host-key-review.js';
import { pinKeys } from '../../../engine/ssh/host-keys/pin-keys.js';
import { describeRefusal } from '../../../engine/ssh/host-keys/refusal.js';
import { ApiError } from '../../../shared/contract/errors.js';
import type { EngineEvent } from '../../../shared/contract/events.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import { ProjectSchema } from '../../../shared/project/schema.js';
import { validProjectInput } from '../../shared/fixtures.js';
import { makeKey } from './keys.js';
import { controlledAsk, threeHosts } from './review-helpers.js';

const hosts = threeHosts();
const [h1, h2, h3] = hosts;
const fps = hosts.map((h) => h.key.keygenFingerprint);
const verifyAll = (review: HostKeyReview) => Promise.all(hosts.map((h) => review.verify(h.host, h.port, h.key.raw)));

describe('HostKeyReview', () => {
  it('asks once for three new hosts, as soon as all expected hosts reported', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts, windowMs: 60_000 });
    const results = verifyAll(review);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]?.question).toEqual({
      kind: 'host-key-review',
      keys: hosts.map((h) => ({
        instance: h.instance,
        host: h.host,
        port: h.port,
        keyType: 'ssh-ed25519',
        fingerprint: h.key.keygenFingerprint,
        status: 'new',
      })),
    });
    asked[0]?.answer(fps);
    expect(await results).toEqual([true, true, true]);
    expect(asked).toHaveLength(1);
    expect(review.accepted).toEqual(
      hosts.map((h) => ({ host: h.host, port: h.port, type: 'ssh-ed25519', fingerprint: h.key.keygenFingerprint })),
    );
    const project = pinKeys(ProjectSchema.parse(validProjectInput()), review.accepted);
    expect(ProjectSchema.safeParse(project).success).toBe(true);
    expect(project.hostKeys).toHaveLength(3);
  });

  it("lists the keys in the project's order, whatever order the hosts answer in", async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts, windowMs: 60_000 });
    // The last host answers first, the first last.
    const results = Promise.all([...hosts].reverse().map((h) => review.verify(h.host, h.port, h.key.raw)));
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    const question = asked[0]?.question as { keys: { instance: string }[] } | undefined;
    expect(question?.keys.map((key) => key.instance)).toEqual(hosts.map((h) => h.instance));
    asked[0]?.answer(fps);
    expect(await results).toEqual([true, true, true]);
  });

  it('accepts only the hosts whose fingerprints the answer lists', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts });
    const results = verifyAll(review);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    asked[0]?.answer([h2.key.keygenFingerprint, 'SHA256:not-shown-so-ignored']);
    expect(await results).toEqual([false, true, false]);
    expect(review.accepted.map((pin) => pin.host)).toEqual(['10.0.0.2']);
    expect(review.refusals.map((r) => [r.instance, r.reason])).toEqual([
      ['ct1', 'refused'],
      ['ct3', 'refused'],
    ]);
  });

  it('refuses every key when the person cancels', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts });
    const results = verifyAll(review);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    asked[0]?.reject(new ApiError({ code: 'cancelled', message: 'the host-key-review prompt was cancelled' }));
    expect(await results).toEqual([false, false, false]);
    expect(review.accepted).toEqual([]);
    expect(review.refusals.map((r) => r.reason)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // The decision holds for the run: a reconnect is refused without a second prompt.
    expect(await review.verify(h1.host, h1.port, h1.key.raw)).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it('never accepts a changed key, shows it beside the new ones, and names both fingerprints', async () => {
    const { ask, asked } = controlledAsk();
    const old = makeKey();
    const pinned = [{ host: h1.host, port: h1.port, type: 'ssh-ed25519', fingerprint: old.keygenFingerprint }];
    const review = new HostKeyReview({ pinned, ask, expected: hosts });
    const results = verifyAll(review);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]?.question.keys.map((k) => [k.instance, k.status, k.pinnedFingerprint])).toEqual([
      ['ct2', 'new', undefined],
      ['ct3', 'new', undefined],
      ['ct1', 'changed', old.keygenFingerprint],
    ]);
    asked[0]?.answer(fps);
    expect(await results).toEqual([false, true, true]);
    const [changed] = review.refusals;
    expect(changed).toMatchObject({ instance: 'ct1', reason: 'changed', pinned });
    expect(changed && describeRefusal(changed)).toContain(
      `the project pins ssh-ed25519 ${old.keygenFingerprint}, the host presented ssh-ed25519 ${h1.key.keygenFingerprint}`,
    );
  });

  it('refuses everything when nobody answers, within the answer timeout', async () => {
    const review = new HostKeyReview({ pinned: [], ask: () => new Promise(() => undefined), expected: hosts, answerTimeoutMs: 100 });
    const started = Date.now();
    expect(await verifyAll(review)).toEqual([false, false, false]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(review.refusals.map((r) => r.reason)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('without a full set of expected hosts, asks once the window after the first new key has passed', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts, windowMs: 150 });
    const first = [review.verify(h1.host, h1.port, h1.key.raw), review.verify(h2.host, h2.port, h2.key.raw)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toHaveLength(0);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]?.question.keys.map((k) => k.instance)).toEqual(['ct1', 'ct2']);
    // A late host while the first screen is open waits for its own, second screen.
    const late = review.verify(h3.host, h3.port, h3.key.raw);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toHaveLength(1);
    asked[0]?.answer([h1.key.keygenFingerprint]);
    expect(await Promise.all(first)).toEqual([true, false]);
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]?.question.keys.map((k) => k.instance)).toEqual(['ct3']);
    asked[1]?.answer([h3.key.keygenFingerprint]);
    expect(await late).toBe(true);
  });

  it('passes pinned keys at once, refuses revoked ones, and remembers decisions for reconnects', async () => {
    const { ask, asked } = controlledAsk();
    const pinned = [{ host: h1.host, port: h1.port, type: 'ssh-ed25519', fingerprint: h1.key.keygenFingerprint }];
    const review = new HostKeyReview({ pinned, ask, expected: hosts, revoked: [h3.key.keygenFingerprint] });
    expect(await review.verify(h1.host, h1.port, h1.key.raw)).toBe(true);
    expect(await review.verify(h3.host, h3.port, h3.key.raw)).toBe(false);
    // Two connections to the same host with the same key share one entry on the screen.
    const twice = [review.verify(h2.host, h2.port, h2.key.raw), review.verify(h2.host, h2.port, h2.key.raw)];
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]?.question.keys.map((k) => k.instance)).toEqual(['ct2']);
    asked[0]?.answer([h2.key.keygenFingerprint]);
    expect(await Promise.all(twice)).toEqual([true, true]);
    expect(await review.verify(h2.host, h2.port, h2.key.raw)).toBe(true);
    // Once accepted in this run, another key for the same endpoint is a changed key.
    expect(await review.verify(h2.host, h2.port, makeKey().raw)).toBe(false);
    expect(review.refusals.map((r) => r.reason)).toEqual(['revoked', 'changed']);
    expect(asked).toHaveLength(1);
  });

  it('refuses two different new keys accepted for one endpoint, and malformed keys', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, windowMs: 30 });
    const other = makeKey();
    const both = [review.verify(h1.host, h1.port, h1.key.raw), review.verify(h1.host, h1.port, other.raw)];
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    asked[0]?.answer([h1.key.keygenFingerprint, other.keygenFingerprint]);
    expect(await Promise.all(both)).toEqual([false, false]);
    expect(await review.verify('h', 22, Buffer.from([1, 2, 3]))).toBe(false);
    expect(review.refusals.map((r) => r.reason)).toEqual(['conflicting', 'conflicting', 'malformed']);
  });

  it('refuses keys still collecting when the run closes', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, windowMs: 60_000 });
    const pending = review.verify(h1.host, h1.port, h1.key.raw);
    review.close();
    expect(await pending).toBe(false);
    expect(await review.verify(h2.host, h2.port, h2.key.raw)).toBe(false);
    expect(asked).toHaveLength(0);
    expect(review.refusals.map((r) => r.reason)).toEqual(['closed', 'closed']);
  });

  it("works with the PromptBroker's ask: one prompt event, answered through the broker", async () => {
    const events = new EventHub();
    const seen: EngineEvent[] = [];
    events.subscribe((event) => seen.push(event));
    const broker = new PromptBroker(events, 5_000);
    const review = new HostKeyReview({ pinned: [], ask: broker.ask.bind(broker), expected: hosts });
    const results = verifyAll(review);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const prompt = seen[0];
    if (prompt?.name !== 'prompt' || prompt.payload.kind !== 'host-key-review') throw new Error('expected a host-key-review prompt');
    expect(prompt.payload.keys).toHaveLength(3);
    const tuples = prompt.payload.keys.filter((key) => key.instance !== 'ct2').map(hostKeyTupleOf);
    expect(broker.answer(prompt.payload.promptId, { kind: 'host-key-review', acceptedKeys: tuples })).toBe(true);
    expect(await results).toEqual([true, false, true]);
  });
});
