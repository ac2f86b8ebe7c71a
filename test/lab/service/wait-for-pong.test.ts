import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForPong } from '../../../lab/service/wait-for-pong.js';
import { fixtureText, serviceTracker } from '../simulator/fixtures.js';

const services = serviceTracker();
const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  await services.stopAll();
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const timed = async <T>(work: Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = Date.now();
  const value = await work;
  return { value, ms: Date.now() - start };
};

describe('waitForPong', () => {
  it('is false by the deadline when nothing listens', async () => {
    const { value, ms } = await timed(waitForPong('127.0.0.1', 9, 400));
    expect(value).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(1500);
  });

  it('is false by the deadline against a peer that accepts and never answers', async () => {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { value, ms } = await timed(waitForPong('127.0.0.1', port, 400));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(1500);
  });

  it('waits through feed loading and is true once the service is ready', async () => {
    const service = await services.start(fixtureText('4x'), { readyDelayMs: 500 });
    const { value, ms } = await timed(waitForPong(service.address, service.port, 5000));
    expect(value).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(400);
  });
});
