import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { createHandshakeReader, type HandshakeStep } from '../../../lab/simulator/handshake.js';
import { fixtureText, serviceTracker } from './fixtures.js';
import { connectClient, sleep } from './tcp-helpers.js';

// REFERENCE.md 1.9: the handshake is the "first message" on the connection; TCP may deliver it and
// the first event in one segment or in several, split anywhere, so the result must not depend on it.

const services = serviceTracker();
afterEach(() => services.stopAll());

const FORMS = [
  'X-KF-ReplyBack',
  'X-KF-ReplyBackX-KF-SaveStatistic',
  'X-KF-SendFinishedEventX-KF-ReplyBack',
  'X-KF-SendFinishedEventX-KF-ReplyBackX-KF-SaveStatistic',
  'X-KF-ReplyBackPING',
];

// Feeds the pieces until the reader decides; returns the decision with `rest` as text.
function readAll(pieces: readonly Buffer[]): { step: HandshakeStep['kind']; mode?: unknown; rest?: string } {
  const reader = createHandshakeReader();
  for (const piece of pieces) {
    const step = reader.push(piece);
    if (step.kind === 'ping') return { step: 'ping' };
    if (step.kind === 'session') {
      // What arrives after the decision goes to the event stream, so it is part of the rest.
      const after = pieces.slice(pieces.indexOf(piece) + 1);
      return { step: 'session', mode: step.mode, rest: Buffer.concat([step.rest, ...after]).toString('utf8') };
    }
  }
  return { step: 'need-more' };
}

describe('handshake reader: split anywhere', () => {
  it.each(FORMS)('%s + first event: every two-piece split and byte by byte equal the single chunk', (form) => {
    for (const separator of ['\n', '\r\n', '']) {
      const whole = Buffer.from(`${form}${separator}42 GET é ${DEMO_INDICATORS.url}\n`);
      const once = readAll([whole]);
      expect(once.step).not.toBe('need-more');
      for (let cut = 1; cut < whole.length; cut += 1)
        expect(readAll([whole.subarray(0, cut), whole.subarray(cut)]), `cut at ${cut}`).toEqual(once);
      expect(readAll([...whole].map((byte) => Buffer.from([byte])))).toEqual(once);
    }
  });

  it('keeps the first event whole after the token, and holds back no more than a handshake', () => {
    expect(readAll([Buffer.from('X-KF-ReplyBack\n42 a\n')])).toEqual({
      step: 'session',
      mode: { replyBack: true, sendFinished: false, saveStatistic: false },
      rest: '42 a\n',
    });
    const reader = createHandshakeReader();
    expect(reader.push(Buffer.from('X-KF-ReplyBack'))).toEqual({ kind: 'need-more' });
    const step = reader.push(Buffer.from('P'));
    expect(step).toEqual({ kind: 'need-more' });
    // A byte that no form continues with decides: the shorter token and the rest as event data.
    expect(reader.push(Buffer.from('OST 1\n'))).toMatchObject({ kind: 'session', mode: { replyBack: true } });
    expect(() => reader.push(Buffer.from('x'))).toThrow('already read');
  });

  it('a connection without a handshake is a plain session from its first byte that no form starts with', () => {
    expect(readAll([Buffer.from('4'), Buffer.from('2 x\n')])).toEqual({
      step: 'session',
      mode: { replyBack: false, sendFinished: false, saveStatistic: false },
      rest: '42 x\n',
    });
  });
});

describe('handshake and first event over TCP in one write, two writes, byte by byte', () => {
  const HANDSHAKE = 'X-KF-SendFinishedEventX-KF-ReplyBack\n';
  const EVENTS = `42 GET ${DEMO_INDICATORS.url} from ${DEMO_INDICATORS.ip}\n43 clean\n`;

  // Each piece is written after a pause so that it leaves as its own segment (Nagle is off below).
  async function replies(address: string, port: number, pieces: readonly string[]): Promise<string[]> {
    const client = await connectClient(address, port, '127.0.195.9');
    client.socket.setNoDelay(true);
    for (const piece of pieces) {
      client.send(piece);
      if (pieces.length > 1) await sleep(pieces.length > 10 ? 2 : 50);
    }
    await client.waitForLines(4, 5000);
    await sleep(100);
    client.socket.destroy();
    return client.lines.slice();
  }

  it('the same replies each time', async () => {
    const service = await services.start(fixtureText('4x', { input: '127.0.195.1:0', finished: false }));
    await service.ready;
    const whole = HANDSHAKE + EVENTS;
    const expected = [
      expect.stringMatching(/^42 category=Demo_Botnet_CnC_URL /),
      expect.stringMatching(/^42 category=Demo_IP_Reputation /),
      '42 LookupFinished category=LookupFinished sent_events=2 total=Demo_Botnet_CnC_URL:1;Demo_IP_Reputation:1;',
      '43 LookupFinished category=LookupFinished sent_events=0 total=',
    ];
    const one = await replies(service.address, service.port, [whole]);
    expect(one).toEqual(expected);
    expect(await replies(service.address, service.port, [HANDSHAKE, EVENTS])).toEqual(one);
    // Split inside the token and inside the first event, not only at the boundary.
    expect(await replies(service.address, service.port, [whole.slice(0, 20), whole.slice(20, 45), whole.slice(45)])).toEqual(one);
    expect(
      await replies(service.address, service.port, [...whole.slice(0, HANDSHAKE.length + 12)].concat(whole.slice(HANDSHAKE.length + 12))),
    ).toEqual(one);
  });
});
