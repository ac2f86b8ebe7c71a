// The first message of a connection selects its mode (REFERENCE.md 1.9). The tokens are matched
// at the start of the byte stream whether or not a line feed follows them, so a client that sends
// `X-KF-ReplyBackPING` without LF still gets its PONG.

import { withoutCarriageReturns } from './line-splitter.js';

const REPLY_BACK = 'X-KF-ReplyBack';
const SEND_FINISHED = 'X-KF-SendFinishedEvent';
const SAVE_STATISTIC = 'X-KF-SaveStatistic';
const PING = `${REPLY_BACK}PING`;

/** How a session behaves after its first message. */
export interface SessionMode {
  /** Results go back over the same socket; OutputSettings/ConnectionString is ignored. */
  readonly replyBack: boolean;
  /** `X-KF-SendFinishedEvent` turns finished events on, overriding the config attribute. */
  readonly sendFinished: boolean;
  /** `X-KF-SaveStatistic`: accepted; the simulator keeps no detection statistics. */
  readonly saveStatistic: boolean;
}

/** The outcome of reading a connection's first bytes. */
export type HandshakeResult =
  | { readonly kind: 'need-more' }
  | { readonly kind: 'ping'; readonly consumed: number }
  | { readonly kind: 'session'; readonly mode: SessionMode; readonly consumed: number };

// Longest first, so a token is never mistaken for the shorter token it starts with.
const FORMS: readonly { readonly token: string; readonly mode: SessionMode | 'ping' }[] = [
  { token: `${SEND_FINISHED}${REPLY_BACK}${SAVE_STATISTIC}`, mode: { replyBack: true, sendFinished: true, saveStatistic: true } },
  { token: `${SEND_FINISHED}${REPLY_BACK}`, mode: { replyBack: true, sendFinished: true, saveStatistic: false } },
  { token: `${REPLY_BACK}${SAVE_STATISTIC}`, mode: { replyBack: true, sendFinished: false, saveStatistic: true } },
  { token: PING, mode: 'ping' },
  { token: REPLY_BACK, mode: { replyBack: true, sendFinished: false, saveStatistic: false } },
];

const PLAIN: SessionMode = { replyBack: false, sendFinished: false, saveStatistic: false };

/** The longest handshake any client can send, so callers know how much to buffer. */
export const MAX_HANDSHAKE_BYTES = Math.max(...FORMS.map((form) => form.token.length)) + 1;

/**
 * Classifies the first bytes of a connection (CR already removed, decoded as latin1 so characters
 * are bytes). `consumed` counts the token and one LF right after it; the rest is event data.
 */
export function parseHandshake(prefix: string): HandshakeResult {
  // While the bytes could still grow into a longer form, wait: "X-KF-ReplyBack" may become "...PING".
  if (FORMS.some((form) => form.token.length > prefix.length && form.token.startsWith(prefix))) return { kind: 'need-more' };
  const form = FORMS.find((candidate) => prefix.startsWith(candidate.token));
  if (form === undefined) return { kind: 'session', mode: PLAIN, consumed: 0 };
  // A session token that ends the bytes so far may still get its LF in the next segment; deciding
  // now would leave that LF as an empty first line. PING needs no LF and is answered at once.
  if (form.mode !== 'ping' && prefix.length === form.token.length) return { kind: 'need-more' };
  const consumed = form.token.length + (prefix[form.token.length] === '\n' ? 1 : 0);
  return form.mode === 'ping' ? { kind: 'ping', consumed } : { kind: 'session', mode: form.mode, consumed };
}

/** What a handshake reader hands back for each chunk it is fed. */
export type HandshakeStep =
  | { readonly kind: 'need-more' }
  | { readonly kind: 'ping' }
  /** `rest`: the bytes after the handshake (CR already removed), i.e. the start of the event data. */
  | { readonly kind: 'session'; readonly mode: SessionMode; readonly rest: Buffer };

/** Reads a connection's first message from chunks split anywhere (one TCP segment or many). */
export interface HandshakeReader {
  push(chunk: Buffer): HandshakeStep;
}

/**
 * Creates a reader for one connection. It buffers only while the bytes so far are a strict prefix
 * of a handshake form, so it holds at most MAX_HANDSHAKE_BYTES; once it decides, it must not be
 * fed again (the caller switches to the line splitter with `rest`).
 */
export function createHandshakeReader(): HandshakeReader {
  let buffered = Buffer.alloc(0);
  let decided = false;
  return {
    push(chunk) {
      if (decided) throw new Error('the handshake was already read; feed the event data to the line splitter');
      // CR is ignored everywhere in the stream (REFERENCE.md 1.9), so also inside or after the token.
      buffered = Buffer.concat([buffered, withoutCarriageReturns(chunk)]);
      const result = parseHandshake(buffered.toString('latin1'));
      if (result.kind === 'need-more') return result;
      decided = true;
      if (result.kind === 'ping') return { kind: 'ping' };
      return { kind: 'session', mode: result.mode, rest: buffered.subarray(result.consumed) };
    },
  };
}
