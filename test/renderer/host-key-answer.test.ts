// The host-key dialog's answer: the exact tuples of the ticked rows, never "every row with this fingerprint".
import { describe, expect, it } from 'vitest';
import { acceptedHostKeys, hostKeyRowKey } from '../../renderer/prompts/host-key-answer.js';
import type { Prompt } from '../../shared/contract/events.js';
import { PromptAnswerSchema } from '../../shared/contract/events.js';

const FP = `SHA256:${'Q'.repeat(42)}E`;
const keys: Extract<Prompt, { kind: 'host-key-review' }>['keys'] = [
  { instance: 'ct1', host: '10.0.0.1', port: 22, keyType: 'ssh-ed25519', fingerprint: FP, status: 'new' },
  { instance: 'ct2', host: '10.0.0.2', port: 2222, keyType: 'ssh-ed25519', fingerprint: FP, status: 'new' },
  {
    instance: 'ct3',
    host: '10.0.0.3',
    port: 22,
    keyType: 'ssh-ed25519',
    fingerprint: FP,
    status: 'changed',
    pinnedFingerprint: `SHA256:${'R'.repeat(42)}E`,
  },
];

describe('acceptedHostKeys', () => {
  it('sends only the ticked row of two cloned hosts, as a tuple the contract accepts', () => {
    const answer = { kind: 'host-key-review' as const, acceptedKeys: acceptedHostKeys(keys, new Set([hostKeyRowKey(1)])) };
    expect(answer.acceptedKeys).toEqual([{ instance: 'ct2', host: '10.0.0.2', port: 2222, keyType: 'ssh-ed25519', fingerprint: FP }]);
    expect(PromptAnswerSchema.parse(answer)).toEqual(answer);
  });

  it('never sends a changed row, and nothing when nothing is ticked', () => {
    expect(acceptedHostKeys(keys, new Set([hostKeyRowKey(2)]))).toEqual([]);
    expect(acceptedHostKeys(keys, new Set())).toEqual([]);
  });

  it('the contract refuses the old fingerprint-only answer and a tuple with extra fields', () => {
    expect(PromptAnswerSchema.safeParse({ kind: 'host-key-review', acceptedFingerprints: [FP] }).success).toBe(false);
    const extra = { instance: 'ct1', host: '10.0.0.1', port: 22, keyType: 'ssh-ed25519', fingerprint: FP, all: true };
    expect(PromptAnswerSchema.safeParse({ kind: 'host-key-review', acceptedKeys: [extra] }).success).toBe(false);
  });
});
