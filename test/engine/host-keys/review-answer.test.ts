// The review answer is a list of exact (instance, host, port, key type, fingerprint) tuples.
import { describe, expect, it, vi } from 'vitest';
import { HostKeyReview } from '../../../engine/ssh/host-keys/host-key-review.js';
import type { HostKeyCandidate } from '../../../engine/ssh/host-keys/review-answer.js';
import { judgeAnswer } from '../../../engine/ssh/host-keys/review-answer.js';
import { hostKeyTupleOf } from '../../../shared/contract/events.js';
import { makeKey } from './keys.js';
import { controlledAsk } from './review-helpers.js';

// Two cloned VMs: one host key, two instances.
const cloned = makeKey();
const ct1: HostKeyCandidate = {
  instance: 'ct1',
  host: '10.0.0.1',
  port: 22,
  keyType: 'ssh-ed25519',
  fingerprint: cloned.keygenFingerprint,
  status: 'new',
};
const ct2: HostKeyCandidate = { ...ct1, instance: 'ct2', host: '10.0.0.2' };

describe('judgeAnswer with tuples', () => {
  it('accepts only the row whose exact tuple is answered, not another host showing the same fingerprint', () => {
    expect(judgeAnswer([ct1, ct2], [hostKeyTupleOf(ct1)])).toEqual(['accepted', 'refused']);
    expect(judgeAnswer([ct1, ct2], [hostKeyTupleOf(ct2)])).toEqual(['refused', 'accepted']);
    expect(judgeAnswer([ct1, ct2], [hostKeyTupleOf(ct1), hostKeyTupleOf(ct2)])).toEqual(['accepted', 'accepted']);
  });

  it('refuses a tuple that differs from the shown row in any field', () => {
    const shown = hostKeyTupleOf(ct1);
    const variants = [
      { ...shown, instance: 'ct2' },
      { ...shown, host: '10.0.0.9' },
      { ...shown, host: '10.0.0.1 ' },
      { ...shown, port: 2222 },
      { ...shown, keyType: 'ssh-rsa' },
      { ...shown, fingerprint: makeKey().keygenFingerprint },
    ];
    for (const variant of variants) expect(judgeAnswer([ct1], [variant])).toEqual(['refused']);
  });

  it('never accepts a changed row, even when its tuple is answered', () => {
    const changed: HostKeyCandidate = { ...ct1, status: 'changed', pinnedFingerprint: makeKey().keygenFingerprint };
    expect(judgeAnswer([changed], [hostKeyTupleOf(changed)])).toEqual(['changed']);
  });
});

describe('HostKeyReview: two instances sharing one host key', () => {
  const hosts = [
    { instance: 'ct1', host: '127.0.155.1', port: 22 },
    { instance: 'ct2', host: '127.0.155.2', port: 22 },
  ] as const;

  it('accepting the key for one instance does not accept it for the other', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({ pinned: [], ask, expected: hosts });
    const results = Promise.all(hosts.map((host) => review.verify(host.host, host.port, cloned.raw)));
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    const keys = asked[0]?.question.keys ?? [];
    // Both rows are shown, one per instance, with the same fingerprint.
    expect(keys.map((key) => [key.instance, key.fingerprint])).toEqual([
      ['ct1', cloned.keygenFingerprint],
      ['ct2', cloned.keygenFingerprint],
    ]);
    asked[0]?.answerKeys(keys.filter((key) => key.instance === 'ct1').map(hostKeyTupleOf));
    expect(await results).toEqual([true, false]);
    expect(review.accepted).toEqual([{ host: '127.0.155.1', port: 22, type: 'ssh-ed25519', fingerprint: cloned.keygenFingerprint }]);
    expect(review.refusals.map((refusal) => [refusal.instance, refusal.reason])).toEqual([['ct2', 'refused']]);
    // The refusal holds for the run: a reconnect of ct2 is not let in by ct1's acceptance.
    expect(await review.verify('127.0.155.2', 22, cloned.raw)).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it('marks the Balancer row so a front end can name it', async () => {
    const { ask, asked } = controlledAsk();
    const review = new HostKeyReview({
      pinned: [],
      ask,
      expected: [{ instance: 'kl-balancer', host: '127.0.155.3', port: 22, role: 'balancer' }],
    });
    const result = review.verify('127.0.155.3', 22, cloned.raw);
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]?.question.keys[0]).toMatchObject({ instance: 'kl-balancer', role: 'balancer' });
    asked[0]?.answer([cloned.keygenFingerprint]);
    expect(await result).toBe(true);
  });

  it('asks an endpoint for its pinned key type first, others in the usual order', async () => {
    const rsa = makeKey('rsa');
    const review = new HostKeyReview({
      pinned: [{ host: '127.0.155.1', port: 22, type: 'ssh-rsa', fingerprint: rsa.keygenFingerprint }],
      ask: () => Promise.reject(new Error('not asked')),
    });
    expect(review.hostKeyAlgorithms('127.0.155.1', 22).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(review.hostKeyAlgorithms('127.0.155.2', 22)[0]).toBe('ssh-ed25519');
  });
});
