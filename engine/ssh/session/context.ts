// What every part of one session shares: the target, the injected deps, the bounds, and error building.
import type { OutputCaps } from './caps.js';
import { DEFAULT_CAPS, checkCap } from './caps.js';
import type { SessionErrorCode, SessionErrorInit } from './errors.js';
import { SessionError } from './errors.js';
import type { SessionDeps, SessionTarget, SessionTimeouts } from './types.js';

/** Default bounds: 20 s to log in, keepalive every 10 s (3 missed = lost), 60 s per operation. */
export const DEFAULT_TIMEOUTS: SessionTimeouts = {
  readyMs: 20_000,
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 3,
  commandMs: 60_000,
  closeGraceMs: 5_000,
};

/** The shared state of one session. */
export interface SessionContext {
  readonly target: SessionTarget;
  /** `host:port`, as messages name the host. */
  readonly where: string;
  /** `user@host:port`. */
  readonly login: string;
  readonly deps: SessionDeps;
  readonly timeouts: SessionTimeouts;
  /** Byte caps on what the host sends (caps.ts defaults, SessionDeps.caps overrides). */
  readonly caps: OutputCaps;
  /** Builds a SessionError for this session with the message redacted. */
  error(
    code: SessionErrorCode,
    message: string,
    extra?: Partial<Pick<SessionErrorInit, 'operation' | 'path' | 'sftpReason' | 'detail' | 'limitBytes' | 'receivedBytes'>>,
  ): SessionError;
}

/** Creates the context of a session. */
export function createContext(target: SessionTarget, deps: SessionDeps): SessionContext {
  const where = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  return {
    target,
    where,
    login: `${target.user}@${where}`,
    deps,
    timeouts: { ...DEFAULT_TIMEOUTS, ...deps.timeouts },
    caps: resolveCaps(deps.caps),
    error: (code, message, extra = {}) => {
      const redact = (text: string | undefined): string | undefined => (text === undefined ? undefined : deps.redactor.redact(text));
      return new SessionError({
        code,
        message: deps.redactor.redact(message),
        instance: target.instance,
        target: where,
        operation: redact(extra.operation),
        path: redact(extra.path),
        detail: redact(extra.detail),
        sftpReason: extra.sftpReason,
        limitBytes: extra.limitBytes,
        receivedBytes: extra.receivedBytes,
      });
    },
  };
}

// A bad override is a programming error: refuse it at once rather than run uncapped.
function resolveCaps(overrides: Partial<OutputCaps> = {}): OutputCaps {
  const caps = { ...DEFAULT_CAPS, ...overrides };
  for (const [name, value] of Object.entries(caps)) checkCap(`caps.${name}`, value);
  return caps;
}

/** Seconds for messages: `20 s`, `0.5 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
