import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { fixtureText, serviceTracker } from './fixtures.js';
import { connectClient, sleep } from './tcp-helpers.js';

const services = serviceTracker();
afterEach(() => services.stopAll());

const URL_EVENT = `42 GET ${DEMO_INDICATORS.url} HTTP/1.1`;

describe('ReplyBack sessions over TCP', () => {
  it('X-KF-ReplyBack: results come back on the same socket, REQ first', async () => {
    const service = await services.start(fixtureText('4x'));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`X-KF-ReplyBack\n${URL_EVENT}\n`);
    const [line] = await client.waitForLines(1);
    expect(line).toMatch(/^42 category=Demo_Botnet_CnC_URL matchedIndicator=demo-botnet-cnc\.example\/gate\.php mask=/);
    await sleep(100);
    expect(client.lines).toHaveLength(1);
  });

  it('X-KF-SendFinishedEventX-KF-ReplyBack adds LookupFinished although the config has it off', async () => {
    const service = await services.start(fixtureText('5x', { finished: false }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`X-KF-SendFinishedEventX-KF-ReplyBack\n${URL_EVENT} from ${DEMO_INDICATORS.ip}\n43 clean\n`);
    const lines = await client.waitForLines(4);
    expect(lines[2]).toBe('42 LookupFinished category:LookupFinished sent_events:2 total:Demo_Botnet_CnC_URL:1;Demo_IP_Reputation:1;');
    expect(lines[3]).toBe('43 LookupFinished category:LookupFinished sent_events:0 total:');
  });

  it('FinishedEventFormat enabled="true" in the config: finished events with plain X-KF-ReplyBack', async () => {
    const service = await services.start(fixtureText('4x', { finished: true }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send('X-KF-ReplyBack\n7 nothing here\n');
    expect(await client.waitForLines(1)).toEqual(['7 LookupFinished category=LookupFinished sent_events=0 total=']);
  });

  it('ignores CR anywhere, accepts the handshake without LF and with X-KF-SaveStatistic', async () => {
    const service = await services.start(fixtureText('4x', { finished: true }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send('X-KF-ReplyBackX-KF-SaveStatistic4\r2 clean\r\n');
    expect(await client.waitForLines(1)).toEqual(['42 LookupFinished category=LookupFinished sent_events=0 total=']);
  });

  it('answers PING only once ready: held before, PONG (LF-terminated) after, then closes', async () => {
    const service = await services.start(fixtureText('4x'), { readyDelayMs: 800 });
    const early = await connectClient(service.address, service.port);
    early.send('X-KF-ReplyBackPING\n');
    await sleep(300);
    expect(early.lines).toEqual([]);
    await service.ready;
    expect(await early.waitForLines(1)).toEqual(['PONG']);
    expect(await early.closed()).toBe(true);
    const late = await connectClient(service.address, service.port);
    late.send('X-KF-ReplyBackPING');
    expect(await late.waitForLines(1)).toEqual(['PONG']);
    expect(await late.closed()).toBe(true);
  });

  it('still answers after the client half-closes, then closes too', async () => {
    const service = await services.start(fixtureText('4x'));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.socket.end(`X-KF-ReplyBack\n${URL_EVENT}\n`);
    expect(await client.waitForLines(1)).toHaveLength(1);
    expect(await client.closed()).toBe(true);
  });

  it('drops a connection whose line passes 64 KiB, and logs it', async () => {
    const service = await services.start(fixtureText('4x'));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`X-KF-ReplyBack\n${'a'.repeat(70 * 1024)}`);
    expect(await client.closed()).toBe(true);
    expect(service.log.lines.join('\n')).toMatch(/WARN .*an event longer than 65536 bytes; connection dropped/);
  });
});
