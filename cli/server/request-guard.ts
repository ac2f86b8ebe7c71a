import { timingSafeEqual } from 'node:crypto';

/** What the guard needs to know about one HTTP request or WebSocket upgrade. */
export interface GuardedRequest {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly cookie: string | undefined;
  /** The request target, e.g. `/assets/x.js?token=...`. */
  readonly url: string;
}

/** The guard's verdict: allowed, or the status and reason of the refusal. */
export type GuardVerdict =
  | { readonly ok: true; readonly tokenFromQuery: boolean }
  | { readonly ok: false; readonly status: 400 | 403 | 421; readonly reason: string };

/** Name of the cookie that carries the access token; per port, since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `ctha_token_${port}`;
}

/**
 * Decides whether a request may reach the browser-mode server. The Host check stops DNS rebinding,
 * the Origin check stops other web pages, the token stops other local users and programs.
 */
export function checkRequest(request: GuardedRequest, expected: { port: number; token: string; requireOrigin: boolean }): GuardVerdict {
  const origin = `http://127.0.0.1:${expected.port}`;
  if (request.host !== `127.0.0.1:${expected.port}`) {
    return { ok: false, status: 421, reason: `refused: Host must be 127.0.0.1:${expected.port}` };
  }
  if (request.origin !== undefined ? request.origin !== origin : expected.requireOrigin) {
    return { ok: false, status: 403, reason: `refused: Origin must be ${origin}` };
  }
  const fromQuery = queryToken(request.url);
  const presented = fromQuery ?? cookieValue(request.cookie, tokenCookieName(expected.port));
  if (presented === undefined) return { ok: false, status: 403, reason: 'refused: no access token; open the URL that ctha ui printed' };
  if (!sameSecret(presented, expected.token)) return { ok: false, status: 403, reason: 'refused: wrong access token' };
  return { ok: true, tokenFromQuery: fromQuery !== undefined };
}

function queryToken(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('token') ?? undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
