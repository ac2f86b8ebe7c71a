import { request } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startUiServer, type UiServer } from '../../cli/server/ui-server.js';
import { createEngine } from '../../engine/api/create-engine.js';

let server: UiServer;
let token: string;
let origin: string;

beforeAll(async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'ctha-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>wizard</title>');
  server = await startUiServer({ engine: createEngine({ frontEnd: 'browser' }), rendererDir });
  token = new URL(server.url).searchParams.get('token') ?? '';
  origin = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => server.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { Host: `127.0.0.1:${server.port}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function openSocket(headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

const cookie = (): string => `ctha_token_${server.port}=${token}`;

describe('ctha ui server: refusals', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a request without a token', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('no access token');
  });

  it('refuses a wrong token, in the query or in the cookie', async () => {
    expect((await get('/?token=guess')).status).toBe(403);
    expect((await get('/', { Cookie: `ctha_token_${server.port}=${token.slice(1)}x` })).body).toContain('wrong access token');
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const reply = await get('/', { Cookie: cookie(), Origin: 'http://evil.example' });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('Origin');
  });

  it('refuses a foreign Host (DNS rebinding) even with the right token', async () => {
    for (const host of [`evil.example:${server.port}`, `localhost:${server.port}`, '127.0.0.1:1']) {
      const reply = await get(`/?token=${token}`, { Host: host });
      expect(reply.status, host).toBe(421);
    }
  });

  it('refuses WebSocket upgrades without token, with a wrong token, foreign Origin or foreign Host', async () => {
    expect(await openSocket({ Origin: origin })).toEqual({ status: 403 });
    expect(await openSocket({ Origin: origin, Cookie: `ctha_token_${server.port}=nope` })).toEqual({ status: 403 });
    expect(await openSocket({ Origin: 'http://evil.example', Cookie: cookie() })).toEqual({ status: 403 });
    expect(await openSocket({ Cookie: cookie() })).toEqual({ status: 403 });
    expect(await openSocket({ Origin: origin, Cookie: cookie(), Host: `evil.example:${server.port}` })).toEqual({ status: 421 });
  });
});

describe('ctha ui server: the legitimate page', () => {
  it('trades the URL token for an HttpOnly cookie, then serves the page with a strict CSP', async () => {
    const first = await get(`/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toContain(`${cookie()}; HttpOnly; SameSite=Strict`);
    const page = await get('/', { Cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>wizard</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/../../etc/passwd', { Cookie: cookie() })).status).toBe(404);
  });

  it('serves the contract over the WebSocket through the shared dispatch', async () => {
    const opened = await openSocket({ Origin: origin, Cookie: cookie() });
    if (!('ws' in opened)) throw new Error(`upgrade refused: ${opened.status}`);
    const reply = (payload: object): Promise<unknown> =>
      new Promise((resolve) => {
        opened.ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
        opened.ws.send(JSON.stringify(payload));
      });
    expect(await reply({ type: 'call', id: 1, op: 'app.info', payload: {} })).toMatchObject({
      type: 'result',
      id: 1,
      envelope: { ok: true, value: { frontEnd: 'browser' } },
    });
    expect(await reply({ type: 'call', id: 2, op: 'project.open', payload: {} })).toMatchObject({
      id: 2,
      envelope: { ok: false, error: { code: 'invalid-input' } },
    });
    const closed = new Promise<number>((resolve) => opened.ws.on('close', (code) => resolve(code)));
    opened.ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
