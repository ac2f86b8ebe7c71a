import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { KeyboardInteractiveAuthMethod, PasswordAuthMethod, PublicKeyAuthMethod } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateUsableKeyPair } from '../../../lab/emulated/keys.js';
import type { TestHost } from './helpers.js';
import { HOST_KEY, PASSWORD, USER, USER_KEY, connect, exec, startTestHost } from './helpers.js';

const { utils } = ssh2;

function password(username: string, secret: string): PasswordAuthMethod {
  return { type: 'password', username, password: secret };
}

function publicKey(username: string, key: string): PublicKeyAuthMethod {
  return { type: 'publickey', username, key };
}

function keyboard(answer: string, seen: { prompt: string; echo: boolean | undefined }[]): KeyboardInteractiveAuthMethod {
  return {
    type: 'keyboard-interactive',
    username: USER,
    prompt: (_name, _instructions, _lang, prompts, finish) => {
      seen.push(...prompts.map((prompt) => ({ prompt: prompt.prompt, echo: prompt.echo })));
      finish([answer]);
    },
  };
}

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

describe('emulated host: authentication', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost({ os: 'linux', address: '127.0.0.12' });
  });
  afterAll(async () => {
    await test.stop();
  });

  it('accepts the password and refuses a wrong one or a wrong user', async () => {
    const client = await connect(test, { authHandler: [password(USER, PASSWORD)] });
    expect((await exec(client, 'whoami')).stdout).toBe('ctlab\n');
    client.end();
    await expect(connect(test, { authHandler: [password(USER, 'nope')] })).rejects.toThrow(/All configured authentication methods failed/);
    await expect(connect(test, { authHandler: [password('root', PASSWORD)] })).rejects.toThrow(/authentication methods failed/);
  });

  it('accepts the user key and refuses another key', async () => {
    const client = await connect(test, { authHandler: [publicKey(USER, USER_KEY.private)] });
    client.end();
    const other = generateUsableKeyPair();
    await expect(connect(test, { authHandler: [publicKey(USER, other.private)] })).rejects.toThrow(/authentication methods failed/);
    await expect(connect(test, { authHandler: [publicKey('other', USER_KEY.private)] })).rejects.toThrow(/authentication methods failed/);
  });

  it('asks one echo-off "Password: " prompt for keyboard-interactive', async () => {
    const seen: { prompt: string; echo: boolean | undefined }[] = [];
    const client = await connect(test, { authHandler: [keyboard(PASSWORD, seen)] });
    client.end();
    expect(seen).toEqual([{ prompt: 'Password: ', echo: false }]);
    await expect(connect(test, { authHandler: [keyboard('wrong', [])] })).rejects.toThrow(/authentication methods failed/);
  });

  it('disconnects after MaxAuthTries (6) failures', async () => {
    let attempts = 0;
    const failing = connect(test, {
      authHandler: (_left, _partial, next) => {
        attempts += 1;
        next({ type: 'password', username: USER, password: `wrong-${attempts}` });
      },
    });
    await expect(failing).rejects.toThrow();
    expect(attempts).toBeLessThanOrEqual(7);
    expect(attempts).toBeGreaterThanOrEqual(6);
  });

  it('presents a stable host key; another key (host-key-changed) gives another fingerprint', async () => {
    const seen: string[] = [];
    const hostVerifier = (key: Buffer): boolean => {
      seen.push(fingerprint(key));
      return true;
    };
    for (let i = 0; i < 2; i++) (await connect(test, { hostVerifier })).end();
    const parsed = utils.parseKey(HOST_KEY.public);
    if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('bad key');
    expect(seen).toEqual([fingerprint(parsed.getPublicSSH()), fingerprint(parsed.getPublicSSH())]);

    const changed = await startTestHost({ os: 'linux', address: '127.0.0.13', hostKey: generateUsableKeyPair().private });
    try {
      (await connect(changed, { hostVerifier })).end();
      expect(seen[2]).not.toBe(seen[0]);
      await expect(connect(changed, { hostVerifier: () => false })).rejects.toThrow(/verification failed/);
    } finally {
      await changed.stop();
    }
  });
});

describe('generateUsableKeyPair', () => {
  it('only returns pairs ssh2 can parse (ssh2#1390 strips a leading zero byte)', () => {
    for (let i = 0; i < 300; i++) {
      const pair = generateUsableKeyPair();
      expect(utils.parseKey(pair.private)).not.toBeInstanceOf(Error);
      expect(utils.parseKey(pair.public)).not.toBeInstanceOf(Error);
    }
  });
});
