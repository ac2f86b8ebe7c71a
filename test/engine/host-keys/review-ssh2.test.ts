// The review plugged into a real ssh2 Client, against an emulated host of the lab.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyReview } from '../../../engine/ssh/host-keys/host-key-review.js';
import type { TestHost } from '../../lab/emulated/helpers.js';
import { connect, startTestHost } from '../../lab/emulated/helpers.js';
import { generateKeyPair, makeKey, sshKeygen, tempDir } from './keys.js';
import { controlledAsk } from './review-helpers.js';

describe('HostKeyReview as ssh2 hostVerifier (callback form)', () => {
  const hostKey = generateKeyPair('ed25519', 'root@ct-node1');
  let test: TestHost;
  let expected = '';

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.31', hostKey: hostKey.private });
    const tmp = tempDir();
    writeFileSync(join(tmp.dir, 'host.pub'), `${hostKey.public}\n`);
    expected = sshKeygen(['-lf', join(tmp.dir, 'host.pub')]).split(' ')[1] ?? '';
    tmp.remove();
  });
  afterAll(() => test.stop());

  it('shows the fingerprint ssh-keygen prints for the host key, and connects once it is accepted', async () => {
    const { ask, asked } = controlledAsk();
    const { address, port } = test.host;
    const review = new HostKeyReview({ pinned: [], ask, expected: [{ instance: 'ct-node1', host: address, port }] });
    const connecting = connect(test, { hostVerifier: review.hostVerifier(address, port) });
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]?.question.keys).toEqual([
      { instance: 'ct-node1', host: address, port, keyType: 'ssh-ed25519', fingerprint: expected, status: 'new' },
    ]);
    asked[0]?.answer([expected]);
    const client = await connecting;
    client.end();
    expect(review.accepted).toEqual([{ host: address, port, type: 'ssh-ed25519', fingerprint: expected }]);
  });

  it('refuses the handshake, without asking, when the pinned key differs', async () => {
    const { ask, asked } = controlledAsk();
    const { address, port } = test.host;
    const pinned = [{ host: address, port, type: 'ssh-ed25519', fingerprint: makeKey().keygenFingerprint }];
    const review = new HostKeyReview({ pinned, ask });
    await expect(connect(test, { hostVerifier: review.hostVerifier(address, port) })).rejects.toThrow(/Host denied/);
    expect(asked).toHaveLength(0);
    expect(review.refusals).toMatchObject([{ reason: 'changed', fingerprint: expected }]);
  });
});
