import { createServer } from 'node:net';
import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { call, connect, exec, sftp, startTestHost } from './helpers.js';

function listenOn(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, address, () => server.close(() => resolve()));
  });
}

describe('emulated host: lifecycle and limits', () => {
  it('stop() closes open connections and frees the port', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.14' });
    const client = await connect(test);
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    await test.stop();
    await closed;
    await expect(listenOn('127.0.0.14', test.host.port)).resolves.toBeUndefined();
  });

  it('listens on the instance port when one is given', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.15', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const test = await startTestHost({ os: 'windows', address: '127.0.0.15' });
    await test.stop();
    expect(test.host.port).toBeGreaterThan(0);
    expect(port).toBeGreaterThan(0);
  });

  it('allows 10 session channels per connection (OpenSSH MaxSessions), then "open failed"', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.16' });
    const client = await connect(test);
    try {
      const sessions: SFTPWrapper[] = [];
      for (let i = 0; i < 10; i++) sessions.push(await sftp(client));
      await expect(exec(client, 'true')).rejects.toThrow('(SSH) Channel open failure: open failed');
      const first = sessions.shift();
      first?.end();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await exec(client, 'echo again')).toMatchObject({ code: 0, stdout: 'again\n' });
      expect(await call<string>((cb) => sessions[0]?.realpath('.', cb))).toBe('/home/ctlab');
    } finally {
      client.end();
      await test.stop();
    }
  });

  it('survives a client that vanishes mid-command, and refuses shells', async () => {
    const test = await startTestHost({ os: 'linux', address: '127.0.0.17' });
    try {
      const first = await connect(test);
      await new Promise<void>((resolve, reject) => first.exec('cat', (error) => (error ? reject(error) : resolve())));
      first.destroy();
      const second = await connect(test);
      expect((await exec(second, 'echo alive')).stdout).toBe('alive\n');
      await expect(
        new Promise((resolve, reject) => second.shell((error, stream) => (error ? reject(error) : resolve(stream)))),
      ).rejects.toThrow();
      second.end();
    } finally {
      await test.stop();
    }
  });
});
