// The event a probe sends, shaped like Balancer's: a decimal request id, whitespace, the payload
// (REFERENCE.md 3.5: the instances extract the id with `^(\d+)\s` and put it in front of every reply).
import { randomInt } from 'node:crypto';

/** Payload when no test indicator is known: no URL, address or hash a default rule could extract. */
export const NEUTRAL_PAYLOAD = 'ctha-probe neutral test event';

/** A random decimal request id (12 digits, no leading zero), so a stale reply of another session cannot pass for ours. */
export function newRequestId(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

/**
 * The payload after the id: the caller's whole test event, else the indicator set apart by spaces so
 * that word-bounded extraction rules find it, else the neutral payload. Line breaks are refused:
 * LF ends an event on the wire (REFERENCE.md 1.9), so one would split the probe into two events.
 */
export function testPayload(options: { readonly indicator?: string; readonly testEvent?: string }): string {
  const payload =
    options.testEvent ?? (options.indicator === undefined ? NEUTRAL_PAYLOAD : `ctha-probe test indicator ${options.indicator.trim()}`);
  if (/[\r\n]/.test(payload)) throw new Error('the probe test event must be one line: it may not contain CR or LF');
  if (payload.trim() === '') throw new Error('the probe test event is empty');
  return payload;
}

/** Whether a reply line belongs to the request: the id, then whitespace or the end of the line. */
export function startsWithRequestId(line: string, requestId: string): boolean {
  return line.startsWith(requestId) && (line.length === requestId.length || /\s/.test(line.charAt(requestId.length)));
}

/** Whether a reply line is the request's `<id> LookupFinished ...` event. */
export function isLookupFinished(line: string, requestId: string): boolean {
  return startsWithRequestId(line, requestId) && /^\s+LookupFinished(\s|$)/.test(line.slice(requestId.length));
}
