import { DEFAULT_REQ_RULE } from '../../shared/project/schema.js';
import type { ProbeFailure, ProbeResult } from '../../shared/probe/probe-result.js';
import type { ReqRuleValue } from '../../shared/requirements/values/req-rule.js';
import { pingReplyBack, type PingResult } from './replyback-ping.js';
import { untestableReqRule, withPlacementHint } from './req-placement-hint.js';
import { runReplyBackSession } from './replyback-session.js';
import { newRequestId, testPayload } from './test-event.js';

/** One instance's input endpoint and what to send it. */
export interface ProbeInstanceOptions {
  /** The instance's host and the port of its InputSettings/ConnectionString. */
  readonly host: string;
  readonly port: number;
  /** Time budget for the whole probe (PING and session). */
  readonly deadlineMs: number;
  /** The project's request-id rule name, for the fixes named in failure messages. Default `REQ`. */
  readonly reqRuleName?: string;
  /** A value a record of the instance's feeds holds; sent so that a detection must carry the id too. */
  readonly indicator?: string;
  /** The whole payload after the id, instead of one built from `indicator`. */
  readonly testEvent?: string;
  /**
   * The instance's request-id rules as the audit observed them (requirement 6). When none is reachable from
   * this machine because each sits in a Source bound to another ip, a failure says so instead of the %REQ% hint.
   */
  readonly reqRules?: ReqRuleValue;
}

/** Bounds on a probe's deadline. */
export const PROBE_DEADLINE_MS = { min: 100, max: 600_000 } as const;

/**
 * Probes one instance on its input port, network only: `X-KF-ReplyBackPING` must be answered `PONG`;
 * then a session opened with `X-KF-ReplyBack` sends `<id> <payload>`, every reply must start with the
 * id and `<id> LookupFinished` must arrive before the deadline. Never rejects for network trouble:
 * the result says what failed. Throws only on bad options.
 */
export async function probeInstance(options: ProbeInstanceOptions): Promise<ProbeResult> {
  const { host, port, deadlineMs } = options;
  if (host.trim() === '') throw new Error('probe: the host is empty');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`probe: port ${port} is not 1-65535`);
  if (!Number.isInteger(deadlineMs) || deadlineMs < PROBE_DEADLINE_MS.min || deadlineMs > PROBE_DEADLINE_MS.max) {
    throw new Error(`probe: deadline ${deadlineMs} ms is outside ${PROBE_DEADLINE_MS.min}-${PROBE_DEADLINE_MS.max} ms`);
  }
  const requestId = newRequestId();
  const event = `${requestId} ${testPayload(options)}`;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const base = {
    host,
    port,
    requestId,
    testEvent: event,
    withIndicator: options.testEvent === undefined && options.indicator !== undefined,
    startedAt,
  };
  const elapsed = (): number => Math.round(performance.now() - started);

  const ping = await pingReplyBack(host, port, deadlineMs);
  if (!ping.ok) {
    return {
      ...base,
      ok: false,
      latencies: {},
      detections: 0,
      lines: [],
      linesTruncated: false,
      failure: pingFailure(ping, host, port),
      durationMs: elapsed(),
    };
  }
  const budgetMs = deadlineMs - elapsed();
  if (budgetMs <= 0) {
    const failure: ProbeFailure = {
      kind: 'timeout',
      message: `PONG from ${host}:${port} took the whole ${deadlineMs} ms deadline; no time left for the ReplyBack session`,
    };
    return {
      ...base,
      ok: false,
      latencies: { pongMs: ping.ms },
      detections: 0,
      lines: [],
      linesTruncated: false,
      failure,
      durationMs: elapsed(),
    };
  }
  const reqRuleName = options.reqRuleName ?? DEFAULT_REQ_RULE;
  const session = await runReplyBackSession({ host, port, requestId, event, budgetMs, deadlineMs, reqRuleName });
  const hint =
    options.reqRules && session.localAddress !== undefined
      ? untestableReqRule(options.reqRules, session.localAddress, reqRuleName)
      : undefined;
  const failure = session.failure && withPlacementHint(session.failure, session.lines, hint);
  return {
    ...base,
    ok: failure === undefined,
    latencies: {
      pongMs: ping.ms,
      ...(session.connectMs === undefined ? {} : { connectMs: session.connectMs }),
      ...(session.firstReplyMs === undefined ? {} : { firstReplyMs: session.firstReplyMs }),
      ...(session.lookupFinishedMs === undefined ? {} : { lookupFinishedMs: session.lookupFinishedMs }),
    },
    detections: session.detections,
    lines: [...session.lines],
    linesTruncated: session.linesTruncated,
    ...(failure === undefined ? {} : { failure }),
    durationMs: elapsed(),
  };
}

function pingFailure(ping: PingResult, host: string, port: number): ProbeFailure {
  const reason = ping.reason ?? 'no PONG';
  switch (ping.failure) {
    case 'refused':
      return {
        kind: 'refused',
        message: `${host}:${port} refused the connection: nothing listens there (service stopped, or another input port?)`,
      };
    case 'timeout':
      return {
        kind: 'timeout',
        message: `${reason}: the port accepts connections (or drops them silently) but the service did not answer the health check`,
      };
    case 'closed':
    case 'unexpected':
      return { kind: 'no-pong', message: `${reason}; is this port a CyberTrace input port?` };
    case 'error':
    case undefined:
      return { kind: 'connection-error', message: reason };
  }
}
