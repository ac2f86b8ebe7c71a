import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Engine } from '../../engine/api/create-engine.js';
import { WS_PATH } from '../../shared/contract/wire.js';
import { rendererCsp } from '../../shared/security/csp.js';
import type { GuardVerdict } from './request-guard.js';
import { checkRequest, tokenCookieName } from './request-guard.js';
import { readStaticFile } from './static-files.js';
import { serveContract } from './ws-transport.js';

/** A running browser-mode server. */
export interface UiServer {
  readonly port: number;
  /** The URL to open; it carries the access token. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built renderer and the contract on 127.0.0.1 only, behind the token, Origin and Host checks. */
export async function startUiServer(options: { engine: Engine; rendererDir: string; port?: number }): Promise<UiServer> {
  const token = randomBytes(32).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });
  wss.on('connection', (socket) => serveContract(socket, options.engine));
  let port = 0;

  const guard = (request: IncomingMessage, requireOrigin: boolean): GuardVerdict =>
    checkRequest(
      { host: request.headers.host, origin: request.headers.origin, cookie: request.headers.cookie, url: request.url ?? '/' },
      { port, token, requireOrigin },
    );

  const server = createServer((request, response) => {
    void handleHttp(request, response, guard(request, false));
  });
  const handleHttp = async (request: IncomingMessage, response: ServerResponse, verdict: GuardVerdict): Promise<void> => {
    setSecurityHeaders(response, port);
    if (!verdict.ok) return refuse(response, verdict.status, verdict.reason);
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'only GET and HEAD are served');
    if (verdict.tokenFromQuery) {
      // Trade the token in the address bar for an HttpOnly cookie, so it leaves the URL and history.
      response.setHeader('Set-Cookie', `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      response.writeHead(303, { Location: (request.url ?? '/').split('?')[0] ?? '/' }).end();
      return;
    }
    const file = await readStaticFile(options.rendererDir, request.url ?? '/');
    if (!file) return refuse(response, 404, 'not found');
    response.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = guard(request, true);
    const path = (request.url ?? '').split('?')[0];
    if (!verdict.ok || path !== WS_PATH) {
      const status = verdict.ok ? 404 : verdict.status;
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function setSecurityHeaders(response: ServerResponse, port: number): void {
  response.setHeader('Content-Security-Policy', rendererCsp([`ws://127.0.0.1:${port}`]));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
}

function refuse(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${reason}\n`);
}
