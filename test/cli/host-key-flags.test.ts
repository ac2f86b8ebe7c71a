// How the command line answers a host-key review: --accept-host-key tuples, the terminal table, the refusal off a terminal.
import { describe, expect, it } from 'vitest';
import type { HostKeyFlags, ReviewIo } from '../../cli/commands/host-key-flags.js';
import { answerHostKeyReview, parseAcceptHostKeyFlags } from '../../cli/commands/host-key-flags.js';
import { UsageError } from '../../cli/commands/usage-error.js';
import type { Prompt } from '../../shared/contract/events.js';

type Review = Extract<Prompt, { kind: 'host-key-review' }>;

const FP_A = `SHA256:${'A'.repeat(42)}E`;
const FP_B = `SHA256:${'B'.repeat(42)}E`;
const FP_C = `SHA256:${'C'.repeat(42)}E`;

// ct1 and ct2 are clones presenting one key; the balancer has its own; ct3's key changed.
const review: Review = {
  kind: 'host-key-review',
  promptId: 'p1',
  keys: [
    { instance: 'ct1', host: '10.0.0.1', port: 22, keyType: 'ssh-ed25519', fingerprint: FP_A, status: 'new' },
    { instance: 'ct2', host: '10.0.0.2', port: 22, keyType: 'ssh-ed25519', fingerprint: FP_A, status: 'new' },
    { instance: 'kl-balancer', host: '10.0.0.9', port: 22, keyType: 'ssh-rsa', fingerprint: FP_B, status: 'new', role: 'balancer' },
    { instance: 'ct3', host: '10.0.0.3', port: 22, keyType: 'ssh-ed25519', fingerprint: FP_C, status: 'changed', pinnedFingerprint: FP_B },
  ],
};
const tuple = (index: number) => {
  const key = review.keys[index];
  if (!key) throw new Error(`no row ${index}`);
  return { instance: key.instance, host: key.host, port: key.port, keyType: key.keyType, fingerprint: key.fingerprint };
};

/** A fake terminal (or its absence) that answers with `reply` and records what was asked and printed. */
function io(isTerminal: boolean, reply = ''): ReviewIo & { lines: string[]; questions: string[] } {
  const lines: string[] = [];
  const questions: string[] = [];
  return {
    isTerminal,
    lines,
    questions,
    err: (text) => lines.push(text),
    readLine: (question) => (questions.push(question), Promise.resolve(reply)),
  };
}

const flags = (accept: string[], acceptNewHostKeys = true): HostKeyFlags => ({
  acceptNewHostKeys,
  acceptHostKeys: parseAcceptHostKeyFlags(accept),
  command: 'check',
});
const accepted = async (answer: Promise<unknown>) => ((await answer) as { acceptedKeys: unknown[] }).acceptedKeys;

describe('parseAcceptHostKeyFlags', () => {
  it('reads NAME=SHA256:... and NAME=TYPE SHA256:...', () => {
    expect(parseAcceptHostKeyFlags(['ct1=' + FP_A, 'balancer=ssh-rsa ' + FP_B])).toEqual([
      { name: 'ct1', fingerprint: FP_A },
      { name: 'balancer', fingerprint: FP_B, keyType: 'ssh-rsa' },
    ]);
  });

  it('refuses a value without a name, a truncated fingerprint and an MD5 one, naming the flag', () => {
    expect(() => parseAcceptHostKeyFlags([FP_A])).toThrow(UsageError);
    expect(() => parseAcceptHostKeyFlags([FP_A])).toThrow('expected NAME=SHA256:...');
    expect(() => parseAcceptHostKeyFlags(['ct1=SHA256:abc'])).toThrow('--accept-host-key ct1=...: The fingerprint has 3 characters');
    expect(() => parseAcceptHostKeyFlags(['ct1=' + Array.from({ length: 16 }, () => 'ab').join(':')])).toThrow('MD5');
  });
});

describe('answerHostKeyReview', () => {
  it('with --accept-host-key accepts exactly the named instance, not a clone presenting the same key', async () => {
    const terminal = io(true, '1 2 3');
    expect(await accepted(answerHostKeyReview(review, flags(['ct1=' + FP_A]), terminal))).toEqual([tuple(0)]);
    // Flags decide: the terminal is never asked when fingerprints were passed.
    expect(terminal.questions).toEqual([]);
    expect(terminal.lines).toContain(
      'Not accepted: ct2 (10.0.0.2:22) presented ssh-ed25519 ' + FP_A + ' and no --accept-host-key names ct2.',
    );
  });

  it('refuses a key whose fingerprint (or type) differs from the one passed, and says both', async () => {
    const out = io(false);
    expect(await accepted(answerHostKeyReview(review, flags(['ct1=' + FP_B, 'balancer=ssh-ed25519 ' + FP_B]), out))).toEqual([]);
    expect(out.lines.join('\n')).toContain(
      `Not accepted: ct1 (10.0.0.1:22) presented ssh-ed25519 ${FP_A}, but --accept-host-key gave ${FP_B}`,
    );
    expect(out.lines.join('\n')).toContain(
      `Not accepted: kl-balancer (10.0.0.9:22) presented ssh-rsa ${FP_B}, but --accept-host-key gave ssh-ed25519 ${FP_B}`,
    );
  });

  it('"balancer" names the Balancer row, and a name with no new key is reported, not silently ignored', async () => {
    const out = io(false);
    expect(await accepted(answerHostKeyReview(review, flags(['balancer=' + FP_B, 'ct9=' + FP_A]), out))).toEqual([tuple(2)]);
    expect(out.lines).toContain('--accept-host-key ct9=...: no new host key of that name in this run; nothing accepted by it.');
  });

  it('never accepts a changed key, even when --accept-host-key names its fingerprint', async () => {
    expect(await accepted(answerHostKeyReview(review, flags(['ct3=' + FP_C]), io(false)))).toEqual([]);
  });

  it('--accept-new-host-keys alone off a terminal accepts nothing and names every instance, fingerprint and flag to pass', async () => {
    const out = io(false, '1');
    expect(await accepted(answerHostKeyReview(review, flags([]), out))).toEqual([]);
    expect(out.questions).toEqual([]);
    const text = out.lines.join('\n');
    expect(text).toContain('there is no terminal to ask on');
    for (const row of [0, 1, 2])
      expect(text).toContain(`${tuple(row).instance} (${tuple(row).host}:22) ${tuple(row).keyType} ${tuple(row).fingerprint}`);
    expect(text).toContain(`--accept-host-key ct1=${FP_A} --accept-host-key ct2=${FP_A} --accept-host-key balancer=${FP_B}`);
  });

  it('without any flag accepts nothing and asks nothing, even on a terminal', async () => {
    const terminal = io(true, '1');
    expect(await accepted(answerHostKeyReview(review, flags([], false), terminal))).toEqual([]);
    expect(terminal.questions).toEqual([]);
  });

  it('--accept-new-host-keys on a terminal shows the numbered table and accepts the rows picked', async () => {
    const terminal = io(true, '2, 3');
    expect(await accepted(answerHostKeyReview(review, flags([]), terminal))).toEqual([tuple(1), tuple(2)]);
    expect(terminal.questions).toHaveLength(1);
    // The changed key is shown without a number: it cannot be picked.
    expect(terminal.lines.find((line) => /^\s+-\s+ct3\s/.test(line))).toMatch(
      /10\.0\.0\.3:22 .*CHANGED \(pinned SHA256:B+E\): cannot be accepted$/,
    );
    // Columns line up: every row's fingerprint starts at the same place.
    const rows = terminal.lines.filter((line) => /^\s+(\d+|-)\s/.test(line));
    expect(new Set(rows.map((line) => line.indexOf('SHA256:'))).size).toBe(1);
    expect(await accepted(answerHostKeyReview(review, flags([]), io(true, '')))).toEqual([]);
  });

  it('on a terminal, an answer that is not a row number refuses the whole answer', async () => {
    await expect(answerHostKeyReview(review, flags([]), io(true, '1 4'))).rejects.toThrow(
      '"4" is not the number of a new key in the table (1-3); nothing was accepted',
    );
    await expect(answerHostKeyReview(review, flags([]), io(true, 'yes'))).rejects.toThrow('"yes" is not the number');
  });
});
