import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DROP_TRIGGER_BYTES, needsRelay, startFaultRelay } from '../../../lab/openssh/fault-relay.js';
import type { FaultRelay } from '../../../lab/openssh/fault-relay.js';
import type { FaultSpec } from '../../../lab/spec.js';

// The OpenSSH hosts' network faults, against a plain TCP upstream that records what reached it
// and answers each chunk with "ok:<length>" (127.0.118.x, any free port).
const ADDRESS = '127.0.118.10';
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function upstream(): Promise<{ port: number; received: () => number; closed: () => boolean }> {
  let received = 0;
  let closed = false;
  const peers: Socket[] = [];
  const server: Server = createServer((socket) => {
    peers.push(socket);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      socket.write(`ok:${chunk.length};`);
    });
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
  stops.push(
    () =>
      new Promise((resolve) => {
        for (const peer of peers) peer.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, received: () => received, closed: () => closed };
}

async function relayFor(faults: FaultSpec[], upstreamPort: number): Promise<FaultRelay> {
  const relay = await startFaultRelay({ address: ADDRESS, port: 0, upstreamPort, faults });
  stops.push(() => relay.stop());
  return relay;
}

function client(port: number): Promise<{ socket: Socket; text: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ host: ADDRESS, port }, () => resolve({ socket, text: () => text, closed }));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    stops.push(() => Promise.resolve(void socket.destroy()));
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !check();) await wait(10);
}

describe('fault relay in front of sshd', () => {
  it('only slow, silent and drop-mid-write need it', () => {
    expect(needsRelay([{ kind: 'slow' }])).toBe(true);
    expect(needsRelay([{ kind: 'silent' }, { kind: 'refuse-start' }])).toBe(true);
    expect(needsRelay([{ kind: 'drop-mid-write' }])).toBe(true);
    expect(needsRelay([{ kind: 'disk-full' }, { kind: 'permission-denied' }, { kind: 'host-key-changed' }])).toBe(false);
  });

  it('slow: answers arrive latencyMs late and in order', async () => {
    const up = await upstream();
    const relay = await relayFor([{ kind: 'slow', latencyMs: 300 }], up.port);
    const peer = await client(relay.port);
    const sent = Date.now();
    peer.socket.write('a');
    await wait(50);
    peer.socket.write('bb');
    await until(() => peer.text() === 'ok:1;ok:2;', 2_000);
    expect(peer.text()).toBe('ok:1;ok:2;');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(340);
  });

  it('silent: the connection is accepted and nothing is forwarded or answered', async () => {
    const up = await upstream();
    const relay = await relayFor([{ kind: 'silent' }], up.port);
    const peer = await client(relay.port);
    peer.socket.write('hello');
    await wait(300);
    expect(peer.text()).toBe('');
    expect(up.received()).toBe(0);
  });

  it('drop-mid-write: the first large burst reaches upstream half, both sides are cut; once per relay', async () => {
    const up = await upstream();
    const relay = await relayFor([{ kind: 'drop-mid-write' }], up.port);
    const first = await client(relay.port);
    first.socket.write(Buffer.alloc(100));
    await until(() => first.text() === 'ok:100;', 2_000);
    first.socket.write(Buffer.alloc(DROP_TRIGGER_BYTES + 1000));
    await first.closed;
    await until(() => up.closed(), 2_000);
    expect(up.received()).toBe(100 + Math.floor((DROP_TRIGGER_BYTES + 1000) / 2));
    expect(relay.dropped).toBe(true);
    const second = await client(relay.port);
    second.socket.write(Buffer.alloc(DROP_TRIGGER_BYTES + 1000));
    await until(() => second.text().startsWith('ok:'), 2_000);
    expect(second.text()).toMatch(/^ok:\d+;/);
  });
});
