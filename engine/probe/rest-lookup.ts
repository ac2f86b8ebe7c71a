// `POST https://<host>:<port>/api/<v>/lookup` (REFERENCE.md 5) over a pinned TLS connection, with Basic
// authentication. The password is used for this one request and kept nowhere; it never appears in a
// message, a log or a result.
import { request } from 'node:http';
import type { IndicatorAnswer, RestApiVersion, SpotCheckFailureKind } from '../../shared/probe/spot-check-result.js';
import { openTls, TlsConnectError } from './tls-pin.js';

/** One lookup of a list of indicators on one instance. */
export interface RestLookupRequest {
  readonly host: string;
  readonly port: number;
  readonly apiVersion: RestApiVersion;
  readonly user: string;
  readonly password: string;
  readonly indicators: readonly string[];
  /** The fingerprint the certificate must have: pinned, or accepted by the engineer in this run. */
  readonly fingerprint: string;
  readonly timeoutMs: number;
}

/** A lookup that failed with a specific reason (the certificate check throws CertificateChangedError instead). */
export class RestLookupError extends Error {
  override readonly name = 'RestLookupError';

  constructor(
    readonly kind: SpotCheckFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Largest answer read; a lookup of 1000 indicators with context is far below it. */
export const MAX_LOOKUP_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Sends the lookup and returns one answer per indicator the instance answered (result word and sorted,
 * distinct categories). Throws CertificateChangedError before sending anything if the certificate is not
 * the expected one, RestLookupError for everything else.
 */
export async function restLookup(lookup: RestLookupRequest): Promise<IndicatorAnswer[]> {
  if (lookup.user.includes(':'))
    throw new RestLookupError('unauthorized', `the user name "${lookup.user}" contains ":", which Basic authentication cannot carry`);
  const { socket } = await openTls(lookup.host, lookup.port, lookup.timeoutMs, lookup.fingerprint).catch((error: unknown) => {
    if (error instanceof TlsConnectError) throw new RestLookupError(error.kind, error.message);
    throw error;
  });
  const path = `/api/${lookup.apiVersion}/lookup`;
  const url = `https://${lookup.host}:${lookup.port}${path}`;
  const body = JSON.stringify(lookup.indicators.map((object) => ({ object })));
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        method: 'POST',
        path,
        // The verified socket is the only connection this request may use.
        createConnection: () => socket,
        headers: {
          Host: `${lookup.host}:${lookup.port}`,
          Accept: 'application/json',
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Basic ${Buffer.from(`${lookup.user}:${lookup.password}`, 'utf8').toString('base64')}`,
          Connection: 'close',
        },
        timeout: lookup.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_LOOKUP_RESPONSE_BYTES)
            req.destroy(new RestLookupError('invalid-response', `${url} answered more than ${MAX_LOOKUP_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new RestLookupError('timeout', `no answer from ${url} within ${lookup.timeoutMs} ms`)));
    req.once('error', (error) =>
      reject(error instanceof RestLookupError ? error : new RestLookupError('connection-error', `${url}: ${error.message}`)),
    );
    req.end(body);
  }).finally(() => socket.destroy());
  if (status !== 200) throw statusError(status, text, url, lookup);
  return parseLookupAnswers(text, url);
}

function statusError(status: number, text: string, url: string, lookup: RestLookupRequest): RestLookupError {
  const said = text.trim() === '' ? '' : ` (${JSON.stringify(text.trim().slice(0, 200))})`;
  switch (status) {
    case 401:
      return new RestLookupError(
        'unauthorized',
        `401 Unauthorized from ${url}: the user "${lookup.user}" does not exist or the password is wrong`,
        status,
      );
    case 403:
      return new RestLookupError(
        'forbidden',
        `403 from ${url}: the user "${lookup.user}" may not look indicators up (its role, or a license without indicator search)${said}`,
        status,
      );
    case 404:
      return new RestLookupError(
        'http-status',
        `404 Request not supported from ${url}: this instance does not offer API ${lookup.apiVersion} (4.3/4.4 offer 1.0-1.2, 5.x 1.0-1.3)`,
        status,
      );
    case 425:
      return new RestLookupError(
        'http-status',
        `425 from ${url}: CyberTrace is still initializing; try again once the service is ready`,
        status,
      );
    default:
      return new RestLookupError('http-status', `HTTP ${status} from ${url}${said}`, status);
  }
}

/** Reads a lookup answer: `[{ "object", "result", "categories": [{ "category", ... }] }]`; anything else is invalid. */
export function parseLookupAnswers(text: string, url: string): IndicatorAnswer[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RestLookupError(
      'invalid-response',
      `${url} answered 200 with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`,
    );
  }
  if (!Array.isArray(json)) throw new RestLookupError('invalid-response', `${url} answered 200 without the documented JSON array`);
  return json.map((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as { object?: unknown; result?: unknown; categories?: unknown };
    if (typeof entry.object !== 'string') throw new RestLookupError('invalid-response', `${url}: answer ${index} has no "object" string`);
    const categories = entry.categories ?? [];
    if (!Array.isArray(categories))
      throw new RestLookupError('invalid-response', `${url}: answer ${index} ("${entry.object}") has "categories" that is not an array`);
    const names = categories.map((category: unknown) => {
      const name = typeof category === 'object' && category !== null ? (category as { category?: unknown }).category : undefined;
      if (typeof name !== 'string')
        throw new RestLookupError(
          'invalid-response',
          `${url}: answer ${index} ("${entry.object}") has a category without a "category" name`,
        );
      return name;
    });
    return {
      indicator: entry.object,
      result: typeof entry.result === 'string' ? entry.result : '',
      categories: [...new Set(names)].sort(),
    };
  });
}
