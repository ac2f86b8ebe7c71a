import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeCluster } from '../../../engine/probe/probe-cluster.js';
import { probeInstance } from '../../../engine/probe/probe-instance.js';
import { isLookupFinished, newRequestId, startsWithRequestId, testPayload } from '../../../engine/probe/test-event.js';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import type { DriftPreset, LabVersion } from '../../../lab/spec.js';
import { startTreeService, type TreeService } from '../../lab/simulator/tree-service.js';

// Addresses 127.0.101.1-60 belong to this file.
const services: TreeService[] = [];
const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
  // A silent server never reads, so it never sees the client's FIN: its sockets are destroyed here.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function instance(name: string, version: LabVersion, address: string, drift: DriftPreset[] = []): Promise<TreeService> {
  const service = await startTreeService({ name, version, address, drift });
  services.push(service);
  await service.service.ready;
  return service;
}

/** A TCP server on the address that does whatever `onSocket` says; resolves with its port. */
async function fakeServer(address: string, onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, address, done));
  const bound = server.address();
  return typeof bound === 'object' && bound !== null ? bound.port : 0;
}

/** A port on the address where nothing listens (bound once, then closed). */
async function closedPort(address: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, address, done));
  const bound = server.address();
  await new Promise((done) => server.close(done));
  return typeof bound === 'object' && bound !== null ? bound.port : 0;
}

describe.each([
  ['4.4', '127.0.101.1'],
  ['5.1', '127.0.101.2'],
] as const)('probe of a consistent %s instance', (version, address) => {
  it('passes with a test indicator: one detection with the id, then LookupFinished, with every latency', async () => {
    const target = await instance(`clean-${version}`, version, address);
    const result = await probeInstance({ host: address, port: target.service.port, deadlineMs: 5000, indicator: DEMO_INDICATORS.url });
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.withIndicator).toBe(true);
    expect(result.testEvent).toBe(`${result.requestId} ctha-probe test indicator ${DEMO_INDICATORS.url}`);
    expect(result.detections).toBe(1);
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0]).toMatch(new RegExp(`^${result.requestId} category=Demo_Botnet_CnC_URL `));
    expect(result.lines[1]).toBe(`${result.requestId} LookupFinished`);
    for (const key of ['pongMs', 'connectMs', 'firstReplyMs', 'lookupFinishedMs'] as const)
      expect(result.latencies[key]).toBeTypeOf('number');
  });

  it('passes with the neutral event: LookupFinished alone', async () => {
    const target = await instance(`neutral-${version}`, version, address);
    const result = await probeInstance({ host: address, port: target.service.port, deadlineMs: 5000 });
    expect(result).toMatchObject({ ok: true, detections: 0, withIndicator: false, lines: [`${result.requestId} LookupFinished`] });
  });
});

describe('probe failures on drifted instances', () => {
  it.each([
    ['finished-disabled', '4.4', '127.0.101.10'],
    ['finished-disabled', '5.1', '127.0.101.11'],
    ['finished-absent', '4.4', '127.0.101.12'],
    ['finished-absent', '5.1', '127.0.101.13'],
  ] as const)('%s (%s): no LookupFinished before the deadline, the detection still seen', async (drift, version, address) => {
    const target = await instance(`${drift}-${version}`, version, address, [drift]);
    const result = await probeInstance({
      host: address,
      port: target.service.port,
      deadlineMs: 1500,
      indicator: DEMO_INDICATORS.ip,
      reqRuleName: 'REQ',
    });
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('no-lookup-finished');
    expect(result.failure?.message).toMatch(
      new RegExp(
        `no "${result.requestId} LookupFinished" from ${address.replaceAll('.', '\\.')}:\\d+ within the 1500 ms deadline \\(1 reply line`,
      ),
    );
    expect(result.failure?.message).toMatch(/enabled="true".*%REQ% LookupFinished.*requirement 8/);
    expect(result.detections).toBe(1);
    expect(result.latencies.pongMs).toBeTypeOf('number');
    expect(result.latencies.lookupFinishedMs).toBeUndefined();
  });

  it.each([
    ['4.4', '127.0.101.14'],
    ['5.1', '127.0.101.15'],
  ] as const)('event-format (%s): a detection without the id prefix fails and is quoted', async (version, address) => {
    const target = await instance(`format-${version}`, version, address, ['event-format']);
    const result = await probeInstance({
      host: address,
      port: target.service.port,
      deadlineMs: 3000,
      indicator: DEMO_INDICATORS.sha256,
      reqRuleName: 'REQ',
    });
    expect(result.ok).toBe(false);
    expect(result.failure?.kind).toBe('id-prefix');
    expect(result.failure?.message).toContain(
      `does not start with the request id ${result.requestId}: "category=Demo_Malicious_Hash matchedIndicator=${DEMO_INDICATORS.sha256}`,
    );
    expect(result.failure?.message).toMatch(/begin with %REQ% \(requirement 7\)/);
    expect(result.lines[0]).toMatch(/^category=Demo_Malicious_Hash/);
  });

  it('event-format without a test indicator is not exercised: the neutral event passes', async () => {
    const target = await instance('format-neutral', '4.4', '127.0.101.16', ['event-format']);
    const result = await probeInstance({ host: '127.0.101.16', port: target.service.port, deadlineMs: 3000 });
    expect(result.ok).toBe(true);
  });
});

describe('probe failures on the wire', () => {
  it('a port with nothing listening: refused, at once', async () => {
    const port = await closedPort('127.0.101.20');
    const result = await probeInstance({ host: '127.0.101.20', port, deadlineMs: 5000 });
    expect(result.failure?.kind).toBe('refused');
    expect(result.failure?.message).toMatch(/refused the connection: nothing listens there/);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('a silent TCP server: timeout, settled by the deadline', async () => {
    const port = await fakeServer('127.0.101.21', () => undefined);
    const result = await probeInstance({ host: '127.0.101.21', port, deadlineMs: 800 });
    expect(result.failure?.kind).toBe('timeout');
    expect(result.failure?.message).toMatch(/no PONG from 127\.0\.101\.21:\d+ within 800 ms/);
    expect(result.durationMs).toBeGreaterThanOrEqual(790);
    // Generous bound: a behaviour check (the probe gives up), not a performance measurement.
    expect(result.durationMs).toBeLessThan(800 + 2000);
  });

  it('something else on the port: no-pong with what it said', async () => {
    const port = await fakeServer('127.0.101.22', (socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const result = await probeInstance({ host: '127.0.101.22', port, deadlineMs: 2000 });
    expect(result.failure?.kind).toBe('no-pong');
    expect(result.failure?.message).toMatch(/unexpected answer "HTTP\/1\.1 400/);
  });

  it('a flood of id-prefixed lines: too-much-data, bounded', async () => {
    const port = await fakeServer('127.0.101.23', (socket) => {
      let first = true;
      socket.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.startsWith('X-KF-ReplyBackPING')) return void socket.end('PONG\n');
        if (!first) return;
        first = false;
        const id = /^X-KF-ReplyBack\n(\d+) /.exec(text)?.[1] ?? '0';
        const line = `${id} ${'x'.repeat(1000)}\n`;
        for (let index = 0; index < 100 && !socket.destroyed; index += 1) socket.write(line);
      });
    });
    const result = await probeInstance({ host: '127.0.101.23', port, deadlineMs: 3000 });
    expect(result.failure?.kind).toBe('too-much-data');
    expect(result.lines).toHaveLength(20);
    expect(result.linesTruncated).toBe(true);
    expect(result.lines[0]?.length).toBeLessThan(400);
    expect(result.lines[0]).toMatch(/\.\.\. \[\d+ more characters\]$/);
  });

  it('refuses options that would split the event or have no deadline', async () => {
    await expect(probeInstance({ host: '127.0.101.24', port: 9, deadlineMs: 1000, testEvent: 'a\nb' })).rejects.toThrow(/one line/);
    await expect(probeInstance({ host: '127.0.101.24', port: 9, deadlineMs: 0 })).rejects.toThrow(/deadline/);
    await expect(probeInstance({ host: '127.0.101.24', port: 70000, deadlineMs: 1000 })).rejects.toThrow(/port/);
  });
});

describe('cluster probe', () => {
  it('probes every instance in parallel and reports each verdict', async () => {
    const good = await instance('ct-1', '4.4', '127.0.101.30');
    const drifted = await instance('ct-2', '4.4', '127.0.101.31', ['finished-disabled']);
    const down = await closedPort('127.0.101.32');
    const result = await probeCluster({
      cluster: 'lab',
      deadlineMs: 1500,
      indicator: DEMO_INDICATORS.md5,
      endpoints: [
        { instance: 'ct-1', host: '127.0.101.30', port: good.service.port },
        { instance: 'ct-2', host: '127.0.101.31', port: drifted.service.port },
        { instance: 'ct-3', host: '127.0.101.32', port: down },
      ],
    });
    expect(result).toMatchObject({ cluster: 'lab', ok: false, passed: 1, failed: 2, indicator: DEMO_INDICATORS.md5 });
    expect(result.results.map((entry) => [entry.instance, entry.ok, entry.failure?.kind])).toEqual([
      ['ct-1', true, undefined],
      ['ct-2', false, 'no-lookup-finished'],
      ['ct-3', false, 'refused'],
    ]);
    expect(new Set(result.results.map((entry) => entry.requestId)).size).toBe(3);
  });

  it('notes when no instance detected the test indicator', async () => {
    const a = await instance('ct-a', '5.1', '127.0.101.33');
    const b = await instance('ct-b', '4.4', '127.0.101.34');
    const result = await probeCluster({
      cluster: 'lab',
      deadlineMs: 3000,
      indicator: '203.0.113.9',
      endpoints: [
        { instance: 'ct-a', host: '127.0.101.33', port: a.service.port },
        { instance: 'ct-b', host: '127.0.101.34', port: b.service.port },
      ],
    });
    expect(result.ok).toBe(true);
    expect(result.notes).toEqual([expect.stringMatching(/no instance detected the test event/)]);
  });

  it('refuses an empty or duplicated endpoint list', async () => {
    await expect(probeCluster({ cluster: 'x', deadlineMs: 1000, endpoints: [] })).rejects.toThrow(/no instance/);
    const twice = { instance: 'a', host: '127.0.101.35', port: 9 };
    await expect(probeCluster({ cluster: 'x', deadlineMs: 1000, endpoints: [twice, twice] })).rejects.toThrow(/listed twice/);
  });
});

describe('test events', () => {
  it('ids are 12 random digits, and replies match them only at a word boundary', () => {
    const id = newRequestId();
    expect(id).toMatch(/^[1-9]\d{11}$/);
    expect(newRequestId()).not.toBe(id);
    expect(startsWithRequestId(`${id} category=x`, id)).toBe(true);
    expect(startsWithRequestId(`${id}7 category=x`, id)).toBe(false);
    expect(isLookupFinished(`${id} LookupFinished`, id)).toBe(true);
    expect(isLookupFinished(`${id}\tLookupFinished category=LookupFinished sent_events=0`, id)).toBe(true);
    expect(isLookupFinished(`${id} LookupFinishedX`, id)).toBe(false);
    expect(isLookupFinished(`1${id} LookupFinished`, id)).toBe(false);
  });

  it('builds the payload from a test event, an indicator, or the neutral text', () => {
    expect(testPayload({ testEvent: 'src=1.2.3.4' })).toBe('src=1.2.3.4');
    expect(testPayload({ indicator: ' 192.0.2.100 ' })).toBe('ctha-probe test indicator 192.0.2.100');
    expect(testPayload({})).toBe('ctha-probe neutral test event');
    expect(() => testPayload({ indicator: 'a\rb' })).toThrow(/CR or LF/);
  });
});
