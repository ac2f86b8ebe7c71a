import { describe, expect, it } from 'vitest';
import { parseHandshake } from '../../../lab/simulator/handshake.js';
import { createLineSplitter } from '../../../lab/simulator/line-splitter.js';

describe('first message of a connection', () => {
  it('recognises every documented form, with or without a following LF', () => {
    expect(parseHandshake('X-KF-ReplyBack\n1 x')).toEqual({
      kind: 'session',
      mode: { replyBack: true, sendFinished: false, saveStatistic: false },
      consumed: 15,
    });
    expect(parseHandshake('X-KF-SendFinishedEventX-KF-ReplyBack\n')).toMatchObject({
      mode: { replyBack: true, sendFinished: true, saveStatistic: false },
      consumed: 37,
    });
    expect(parseHandshake('X-KF-ReplyBackX-KF-SaveStatistic\n')).toMatchObject({
      mode: { replyBack: true, sendFinished: false, saveStatistic: true },
    });
    expect(parseHandshake('X-KF-SendFinishedEventX-KF-ReplyBackX-KF-SaveStatistic1 x\n')).toMatchObject({
      mode: { sendFinished: true, saveStatistic: true },
      consumed: 54,
    });
    expect(parseHandshake('X-KF-ReplyBackPING')).toEqual({ kind: 'ping', consumed: 18 });
    expect(parseHandshake('X-KF-ReplyBackPING\n')).toEqual({ kind: 'ping', consumed: 19 });
  });

  it('waits while the bytes could still grow into a longer form', () => {
    expect(parseHandshake('')).toEqual({ kind: 'need-more' });
    expect(parseHandshake('X-KF-Re')).toEqual({ kind: 'need-more' });
    expect(parseHandshake('X-KF-ReplyBack')).toEqual({ kind: 'need-more' });
    expect(parseHandshake('X-KF-ReplyBackPI')).toEqual({ kind: 'need-more' });
  });

  it('treats anything else as the first event of a plain session', () => {
    expect(parseHandshake('1 GET /\n')).toEqual({
      kind: 'session',
      mode: { replyBack: false, sendFinished: false, saveStatistic: false },
      consumed: 0,
    });
    expect(parseHandshake('X-KF-Re\n')).toMatchObject({ mode: { replyBack: false }, consumed: 0 });
    expect(parseHandshake('X-KF-ReplyBackPONG')).toMatchObject({ kind: 'session', mode: { replyBack: true }, consumed: 14 });
  });
});

describe('line splitting', () => {
  it('ends events at LF, ignores CR anywhere, and joins chunks (even inside a UTF-8 character)', () => {
    const splitter = createLineSplitter();
    const euro = Buffer.from('€');
    expect(splitter.push(Buffer.concat([Buffer.from('a\r\nb\rc'), euro.subarray(0, 1)]))).toEqual(['a']);
    expect(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\n\n')]))).toEqual(['bc€', '']);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('reports overflow once a line passes the cap', () => {
    const splitter = createLineSplitter(8);
    expect(splitter.push(Buffer.from('12345678\n'))).toEqual(['12345678']);
    expect(splitter.push(Buffer.from('12345'))).toEqual([]);
    expect(splitter.push(Buffer.from('6789'))).toBe('overflow');
  });
});
