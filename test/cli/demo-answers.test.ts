// How `ctha demo --headless` answers the engine's prompts: only the training lab's recorded host keys,
// the throwaway identity's passphrase, and never a password.
import { describe, expect, it } from 'vitest';
import { acceptLabKeys, demoAnswerer } from '../../cli/commands/demo/demo-answers.js';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';

const lab = {
  hosts: [
    { instance: { name: 'ct-linux-1' }, hostKeyFingerprint: 'SHA256:aaaa' },
    { instance: { name: 'ct-win-1' }, hostKeyFingerprint: 'SHA256:bbbb' },
  ],
} as unknown as Pick<LabFile, 'hosts'>;
const key = (instance: string, fingerprint: string, status: 'new' | 'changed' = 'new') => ({
  instance,
  host: 'lab-host',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint,
  status,
});

describe('the headless demo prompt answers', () => {
  it('accepts exactly the keys lab.json records, says each with its fingerprint, and refuses the others', () => {
    const said: string[] = [];
    const accepted = acceptLabKeys(
      lab,
      [
        key('ct-linux-1', 'SHA256:aaaa'),
        key('ct-win-1', 'SHA256:zzzz'),
        key('ct-linux-9', 'SHA256:aaaa'),
        key('ct-win-1', 'SHA256:bbbb', 'changed'),
      ],
      (line) => said.push(line),
    );
    expect(accepted).toEqual([
      { instance: 'ct-linux-1', host: 'lab-host', port: 2222, keyType: 'ssh-ed25519', fingerprint: 'SHA256:aaaa' },
    ]);
    expect(said[0]).toMatch(/^Accepted the training lab's host key of ct-linux-1 \(lab-host:2222\) ssh-ed25519 SHA256:aaaa/);
    expect(said.slice(1).every((line) => line.startsWith('NOT accepted: '))).toBe(true);
    expect(said).toHaveLength(4);
  });

  it('gives the passphrase only for the identity in its own folder, and refuses password prompts', async () => {
    const answer = demoAnswerer(lab, { identityFolder: '/tmp/out/signing', passphrase: 'in-memory' }, () => undefined);
    await expect(answer({ kind: 'passphrase', promptId: 'p1', keyPath: '/tmp/out/signing/ctha/identity.p12' })).resolves.toEqual({
      kind: 'passphrase',
      secret: 'in-memory',
    });
    await expect(answer({ kind: 'passphrase', promptId: 'p2', keyPath: '/tmp/out/signing-other/identity.p12' })).rejects.toThrow(
      /no passphrase for/,
    );
    await expect(
      answer({ kind: 'password', promptId: 'p3', instance: 'ct-linux-1', user: 'ctlab', host: 'lab-host', purpose: 'sudo' }),
    ).rejects.toThrow(/ct-linux-1 asked for a sudo password/);
  });
});
