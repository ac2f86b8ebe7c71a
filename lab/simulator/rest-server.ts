// A minimal CyberTrace REST endpoint for the lab: `POST /api/{v}/lookup` only, over HTTPS with the
// instance's own certificate and Basic authentication (REFERENCE.md 5; statuses from help page 198539).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { ConfigError } from './config-error.js';
import type { ConfigLayout } from './config-layout.js';
import type { HttpServerSettings } from './http-server-settings.js';
import { readLabRestData, type LabRestData } from './rest-lab-data.js';
import { lookupObjects } from './rest-lookup.js';
import type { SimLog } from './sim-log.js';

/** How to start the REST endpoint of one simulated instance. */
export interface RestServerOptions {
  readonly settings: HttpServerSettings;
  /** Where to listen: the lab replaces the config's address and port (443 needs root). */
  readonly host: string;
  readonly port: number;
  readonly layout: ConfigLayout;
  /** The tenant a 1.3 path may name. */
  readonly tenant: string;
  /** The lab's users and FalsePositive/InternalTI lists (rest-lab-data.ts). */
  readonly dataFile: string;
  readonly log: SimLog;
  /** Until the service is ready, every request gets 425 (help page 198539). */
  readonly isReady: () => boolean;
}

/** A listening REST endpoint. */
export interface RunningRestServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The documented body limit of a lookup: 64 MB (REFERENCE.md 5). */
export const MAX_LOOKUP_BODY_BYTES = 67_108_864;

// API versions per layout (REFERENCE.md 5): 4.3/4.4 offer 1.0-1.2, 5.x 1.0-1.3.
const VERSIONS: Readonly<Record<ConfigLayout, readonly string[]>> = { '4.x': ['1.0', '1.1', '1.2'], '5.x': ['1.0', '1.1', '1.2', '1.3'] };
const LOOKUP_PATH = /^\/api\/(\d+\.\d+)\/(?:([^/]+)\/)?lookup$/;

/** Reads the certificate pair (a refusal to start names the file) and listens; resolves once bound. */
export async function startRestServer(options: RestServerOptions): Promise<RunningRestServer> {
  const read = async (path: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new ConfigError(
        'invalid-value',
        `HTTPServer: cannot read the ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
  const cert = await read(options.settings.certificateFile, 'certificate');
  const key = await read(options.settings.privateKeyFile, 'private key');
  let server: Server;
  try {
    server = createServer({ cert, key, minVersion: 'TLSv1.2' }, (request, response) => {
      handle(request, response, options).catch((error: unknown) => {
        options.log.error(`REST: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) sendJson(response, 500, { error: 'Internal Server Error' });
        else response.destroy();
      });
    });
  } catch (error) {
    throw new ConfigError(
      'invalid-value',
      `HTTPServer: the certificate or private key is not usable (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // Bounds for a lab host: a stuck client cannot hold a connection or the event loop for long.
  server.maxConnections = 64;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const port = await new Promise<number>((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      rejectListen(new Error(`cannot listen on ${options.host}:${options.port} (REST): ${error.code ?? error.message}`)),
    );
    server.listen({ host: options.host, port: options.port }, () => {
      const address = server.address();
      resolveListen(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  server.on('tlsClientError', (error) => options.log.warn(`REST: TLS handshake failed: ${error.message}`));
  options.log.info(`REST API listening on https://${options.host}:${port}/api/ (${VERSIONS[options.layout].join(', ')})`);
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: RestServerOptions): Promise<void> {
  const path = (request.url ?? '').split('?')[0] ?? '';
  const status = await answer(request, response, path, options);
  // The Authorization header is never logged.
  options.log.info(`REST ${request.method ?? '?'} ${path.slice(0, 200)} -> ${status} (${request.socket.remoteAddress ?? '?'})`);
}

async function answer(request: IncomingMessage, response: ServerResponse, path: string, options: RestServerOptions): Promise<number> {
  if (!options.isReady()) return sendJson(response, 425, { error: 'Kaspersky CyberTrace initializing' });
  let data: LabRestData;
  try {
    data = await readLabRestData(options.dataFile);
  } catch (error) {
    options.log.error(`REST: ${error instanceof Error ? error.message : String(error)}`);
    return sendJson(response, 500, { error: 'Internal Server Error: the lab data file is invalid' });
  }
  if (!authorised(request.headers.authorization, data)) {
    response.setHeader('WWW-Authenticate', 'Basic realm="Kaspersky CyberTrace"');
    return sendJson(response, 401, { error: 'Unauthorized user' });
  }
  const route = LOOKUP_PATH.exec(path);
  const version = route?.[1] ?? '';
  const tenant = route?.[2];
  const tenantOk = tenant === undefined || (version === '1.3' && tenant === options.tenant);
  if (route === null || !VERSIONS[options.layout].includes(version) || !tenantOk)
    return sendJson(response, 404, { error: 'Request not supported' });
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    return sendJson(response, 405, { error: 'Method Not Allowed' });
  }
  if (!acceptsJson(request.headers.accept)) return sendJson(response, 406, { error: 'Not Acceptable: the response is application/json' });
  if (!/^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i.test(request.headers['content-type'] ?? '')) {
    return sendJson(response, 400, { error: 'Bad Request: Content-Type must be application/json' });
  }
  const body = await readBody(request);
  if (body === undefined) return sendJson(response, 400, { error: `Bad Request: the body is larger than ${MAX_LOOKUP_BODY_BYTES} bytes` });
  const objects = lookupRequestObjects(body);
  if (typeof objects === 'string') return sendJson(response, 400, { error: `Bad Request: ${objects}` });
  return sendJson(response, 200, lookupObjects(objects, data));
}

/** The `object` values of a lookup body, or why the body is not `[{"object": "..."}, ...]`. */
export function lookupRequestObjects(body: string): string[] | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  if (!Array.isArray(json) || json.length === 0) return 'expected a JSON array of at least one {"object": "..."}';
  const objects: string[] = [];
  for (const [index, item] of json.entries()) {
    const object = typeof item === 'object' && item !== null ? (item as { object?: unknown }).object : undefined;
    if (typeof object !== 'string' || object === '') return `item ${index}: expected {"object": "<non-empty string>"}`;
    objects.push(object);
  }
  return objects;
}

function authorised(header: string | undefined, data: LabRestData): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const name = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = data.users.find((candidate) => candidate.name === name);
  // Compare digests in constant time; an unknown user still costs one comparison.
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  const same = timingSafeEqual(digest(user?.password ?? '\u0000unknown'), digest(password));
  return user !== undefined && same;
}

function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((part) => /^\s*(application\/json|application\/\*|\*\/\*)\s*(;.*)?$/i.test(part));
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_LOOKUP_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolveBody(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.once('error', rejectBody);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
  return status;
}
