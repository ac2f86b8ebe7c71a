import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { fixtureText, serviceTracker } from './fixtures.js';
import { connectClient, sleep, startReceiver, type Receiver } from './tcp-helpers.js';

const services = serviceTracker();
const receivers: Receiver[] = [];
afterEach(async () => {
  await services.stopAll();
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
const receiver = async (): Promise<Receiver> => {
  const started = await startReceiver();
  receivers.push(started);
  return started;
};

const ALERT_LINE = /^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} alert=(KL_ALERT_\w+)$/;

describe('output without ReplyBack', () => {
  it('sends detections to OutputSettings/ConnectionString, never a LookupFinished event, nothing back to the client', async () => {
    // Finished events "are for internal use and are not sent to the SIEM" (REFERENCE.md 3.5 step 8),
    // even with FinishedEventFormat enabled="true" in the config.
    const siem = await startReceiver('127.0.194.2');
    receivers.push(siem);
    const service = await services.start(fixtureText('4x', { input: '127.0.194.1:0', output: `127.0.194.2:${siem.port}`, finished: true }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`42 GET ${DEMO_INDICATORS.url}\n43 nothing to match\n44 GET ${DEMO_INDICATORS.url}\n`);
    // One connection keeps order: a finished event for 42 or 43 would arrive before 44's detection.
    const lines = await siem.waitForLines(2);
    expect(lines[0]).toMatch(/^42 category=Demo_Botnet_CnC_URL /);
    expect(lines[1]).toMatch(/^44 category=Demo_Botnet_CnC_URL /);
    await sleep(150);
    expect(siem.lines).toHaveLength(2);
    expect(siem.lines.join('\n')).not.toContain('LookupFinished');
    expect(client.lines).toEqual([]);
  });

  it('a ReplyBack session sends nothing to the SIEM: detections and LookupFinished come back on the socket', async () => {
    const siem = await startReceiver('127.0.194.2');
    receivers.push(siem);
    const service = await services.start(fixtureText('4x', { input: '127.0.194.1:0', output: `127.0.194.2:${siem.port}`, finished: true }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`X-KF-ReplyBack\n42 GET ${DEMO_INDICATORS.url}\n`);
    const lines = await client.waitForLines(2);
    expect(lines[0]).toMatch(/^42 category=Demo_Botnet_CnC_URL /);
    expect(lines[1]).toBe('42 LookupFinished category=LookupFinished sent_events=1 total=Demo_Botnet_CnC_URL:1;');
    await sleep(150);
    expect(siem.lines).toEqual([]);
  });

  it('drops results when the output is unreachable, and logs the drop', async () => {
    const service = await services.start(fixtureText('4x', { output: '127.0.0.1:9' }));
    await service.ready;
    const client = await connectClient(service.address, service.port);
    client.send(`42 GET ${DEMO_INDICATORS.url}\n`);
    for (let waited = 0; waited < 3000 && !service.log.lines.some((line) => line.includes('output 127.0.0.1:9')); waited += 50)
      await sleep(50);
    expect(service.log.lines.join('\n')).toMatch(/WARN output 127\.0\.0\.1:9: ECONNREFUSED; dropped 1 result line\(s\) so far/);
  });
});

describe('service alerts', () => {
  it.each(['4x', '5x'] as const)(
    '%s: KL_ALERT_ServiceStarted when ready, KL_ALERT_ServiceStopped on stop, from the bind address',
    async (layout) => {
      const balancer = await receiver();
      const service = await services.start(fixtureText(layout, { input: '0.0.0.0:0', alerts: true, alert: `127.0.0.1:${balancer.port}` }), {
        bindAddress: '127.0.0.5',
      });
      expect(service.address).toBe('127.0.0.5');
      await service.ready;
      const [started] = await balancer.waitForLines(1);
      expect(ALERT_LINE.exec(started ?? '')?.[1]).toBe('KL_ALERT_ServiceStarted');
      expect(balancer.peers[0]).toBe('127.0.0.5');
      await service.stop();
      const lines = await balancer.waitForLines(2);
      expect(ALERT_LINE.exec(lines[1] ?? '')?.[1]).toBe('KL_ALERT_ServiceStopped');
    },
  );

  it('no alerts when AlertConnectionString is not enabled', async () => {
    const balancer = await receiver();
    const service = await services.start(fixtureText('4x', { alerts: false, alert: `127.0.0.1:${balancer.port}` }));
    await service.ready;
    await service.stop();
    await sleep(100);
    expect(balancer.lines).toEqual([]);
  });

  it('becomes ready even when the alert target is down, and logs the failed delivery', async () => {
    const service = await services.start(fixtureText('4x', { alerts: true, alert: '127.0.0.1:9' }));
    await service.ready;
    expect(service.log.lines.join('\n')).toMatch(/WARN KL_ALERT_ServiceStarted not delivered: 127\.0\.0\.1:9: ECONNREFUSED/);
  });

  it('stopped before ready: ready rejects and no alert is sent', async () => {
    const balancer = await receiver();
    const service = await services.start(fixtureText('4x', { alerts: true, alert: `127.0.0.1:${balancer.port}` }), { readyDelayMs: 5000 });
    await service.stop();
    await expect(service.ready).rejects.toThrow('stopped before it became ready');
    await sleep(100);
    expect(balancer.lines).toEqual([]);
  });
});
