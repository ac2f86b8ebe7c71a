// One ReplyBack session of a probe: open with plain `X-KF-ReplyBack`, send one test event, read replies
// until `<id> LookupFinished`. Plain, not `X-KF-SendFinishedEventX-KF-ReplyBack`: that token turns
// finished events on for the session whatever the config says (REFERENCE.md 1.9), and the probe exists
// to prove that the instance's own config (FinishedEventFormat enabled="true", requirement 8) emits them.
import { connect } from 'node:net';
import type { ProbeFailure } from '../../shared/probe/probe-result.js';
import { isLookupFinished, startsWithRequestId } from './test-event.js';

/** What to send and how long to wait. */
export interface SessionRequest {
  readonly host: string;
  readonly port: number;
  readonly requestId: string;
  /** The whole event line without LF: `<id> <payload>`. */
  readonly event: string;
  /** Time budget for the whole session, from now. */
  readonly budgetMs: number;
  /** The probe's whole deadline, named in messages (the budget is what is left of it). */
  readonly deadlineMs: number;
  /** `%REQ%` as the project names it, for the fix in messages. */
  readonly reqRuleName: string;
}

/** What the session saw. */
export interface SessionOutcome {
  readonly connectMs?: number;
  readonly firstReplyMs?: number;
  readonly lookupFinishedMs?: number;
  readonly detections: number;
  readonly lines: readonly string[];
  readonly linesTruncated: boolean;
  readonly failure?: ProbeFailure;
  /** The address this machine's end of the session had: the events' source address as the instance sees it (no NAT between). */
  readonly localAddress?: string;
}

/** Reply bytes read at most: a probe of one event never needs more, and a flood cannot fill memory. */
export const MAX_REPLY_BYTES = 64 * 1024;
/** Reply lines kept for the report, and how much of each. */
export const MAX_KEPT_LINES = 20;
/** Characters kept of each reply line. */
export const MAX_LINE_CHARS = 300;

const HANDSHAKE = 'X-KF-ReplyBack\n';

/** Cuts a line for reports and messages, saying how much was cut. */
export function clipLine(line: string, max = MAX_LINE_CHARS): string {
  return line.length > max ? `${line.slice(0, max)}... [${line.length - max} more characters]` : line;
}

/** Runs the session; never rejects, settles within the budget. */
export function runReplyBackSession(request: SessionRequest): Promise<SessionOutcome> {
  const { host, port, requestId } = request;
  const where = `${host}:${port}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const kept: string[] = [];
    let truncated = false;
    let replies = 0;
    let detections = 0;
    let bytes = 0;
    let pending = '';
    let connectMs: number | undefined;
    let localAddress: string | undefined;
    let sentAt: number | undefined;
    let firstReplyMs: number | undefined;
    let settled = false;
    const socket = connect({ host, port });
    const since = (from: number): number => Math.round(performance.now() - from);

    const finish = (failure?: ProbeFailure, lookupFinishedMs?: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        ...(connectMs === undefined ? {} : { connectMs }),
        ...(firstReplyMs === undefined ? {} : { firstReplyMs }),
        ...(lookupFinishedMs === undefined ? {} : { lookupFinishedMs }),
        detections,
        lines: kept,
        linesTruncated: truncated,
        ...(failure === undefined ? {} : { failure }),
        ...(localAddress === undefined ? {} : { localAddress }),
      });
    };

    const timer = setTimeout(() => {
      if (connectMs === undefined)
        finish({
          kind: 'timeout',
          message: `no TCP connection to ${where} for the ReplyBack session within the ${request.deadlineMs} ms deadline`,
        });
      else finish(noLookupFinished(`within the ${request.deadlineMs} ms deadline`));
    }, request.budgetMs);

    const noLookupFinished = (when: string): ProbeFailure => ({
      kind: 'no-lookup-finished',
      message:
        `no "${requestId} LookupFinished" from ${where} ${when} (${replies} reply line(s) with the id before it); ` +
        `FinishedEventFormat must be present with enabled="true" and read "%${request.reqRuleName}% LookupFinished" (requirement 8)`,
    });

    const onLine = (line: string): void => {
      if (settled || line === '') return;
      if (kept.length < MAX_KEPT_LINES) kept.push(clipLine(line));
      else truncated = true;
      if (!startsWithRequestId(line, requestId)) {
        finish({
          kind: 'id-prefix',
          message:
            `a reply from ${where} does not start with the request id ${requestId}: ${JSON.stringify(clipLine(line, 200))}; ` +
            `every event format must begin with %${request.reqRuleName}% (requirement 7)`,
        });
        return;
      }
      replies += 1;
      if (sentAt !== undefined) firstReplyMs ??= since(sentAt);
      if (isLookupFinished(line, requestId)) finish(undefined, sentAt === undefined ? undefined : since(sentAt));
      else detections += 1;
    };

    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.once('connect', () => {
      connectMs = since(started);
      localAddress = socket.localAddress;
      // One write: the handshake with its LF, then the event; LF ends an event (REFERENCE.md 1.9).
      socket.write(`${HANDSHAKE}${request.event}\n`);
      sentAt = performance.now();
    });
    socket.on('data', (chunk: string) => {
      bytes += Buffer.byteLength(chunk);
      if (bytes > MAX_REPLY_BYTES) {
        finish({
          kind: 'too-much-data',
          message: `${where} sent more than ${MAX_REPLY_BYTES} bytes in reply to one test event without "${requestId} LookupFinished"`,
        });
        return;
      }
      // CR is ignored on the wire wherever it appears (REFERENCE.md 1.9).
      const parts = (pending + chunk.replace(/\r/g, '')).split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED')
        finish({
          kind: 'refused',
          message: `${where} refused the ReplyBack session (it answered PONG a moment ago; did the service stop?)`,
        });
      else finish({ kind: 'connection-error', message: `${where}: ${error.code ?? error.message} during the ReplyBack session` });
    });
    socket.once('close', () => finish(noLookupFinished('before the session closed')));
  });
}
