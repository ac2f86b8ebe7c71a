import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../../lab/simulator/cli-args.js';
import { DEMO_INDICATORS } from '../../../lab/simulator/demo-feed.js';
import { lookupRequestObjects } from '../../../lab/simulator/rest-server.js';
import { pingReplyBack } from '../../../engine/probe/replyback-ping.js';
import { startFeedService } from '../../../lab/simulator/feed-service.js';
import { createMemoryLog } from '../../../lab/simulator/sim-log.js';
import { bundleSimulator } from './bundle-simulator.js';
import { prepareTree, startTreeService, type TreeService } from './tree-service.js';

// Addresses 127.0.100.10-19 belong to this file.
const running: TreeService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

async function start(options: Parameters<typeof startTreeService>[0]): Promise<TreeService> {
  const service = await startTreeService({ rest: true, ...options });
  running.push(service);
  return service;
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/** Where a REST request goes: a running instance, or the pieces of one started as a process. */
interface RestTarget {
  readonly service: { readonly address: string; readonly restPort: number | undefined };
  readonly certFile: string;
}

/** One HTTPS request; the chain is checked against the instance's own certificate, the name is not (the lab cert names 127.0.0.1). */
async function call(
  target: RestTarget,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const ca = await readFile(target.certFile);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.service.address,
        port: target.service.restPort,
        path,
        method: init.method ?? 'POST',
        headers: init.headers,
        ca,
        checkServerIdentity: () => undefined,
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(init.body);
  });
}

const lookup = (target: RestTarget, objects: string[], options: { auth?: string; version?: string } = {}): Promise<Reply> =>
  call(target, `/api/${options.version ?? '1.2'}/lookup`, {
    headers: { ...JSON_HEADERS, Authorization: options.auth ?? basic('admin', 'CyberTrace!1') },
    body: JSON.stringify(objects.map((object) => ({ object }))),
  });

describe('simulator REST lookup (lab only, --rest-port)', () => {
  it('answers POST /api/1.2/lookup from the demo feed with the documented shape', async () => {
    const target = await start({ name: 'rest-44', version: '4.4', address: '127.0.100.10' });
    await target.service.ready;
    const reply = await lookup(target, [
      DEMO_INDICATORS.url,
      DEMO_INDICATORS.ip,
      DEMO_INDICATORS.md5.toUpperCase(),
      'http://clean.example/',
    ]);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const answers = JSON.parse(reply.body) as {
      object: string;
      result: string;
      categories: { category: string; detected_indicator: string; context: Record<string, string> }[];
    }[];
    expect(answers.map((answer) => [answer.object, answer.result, answer.categories.map((c) => c.category)])).toEqual([
      [DEMO_INDICATORS.url, 'detected', ['Demo_Botnet_CnC_URL']],
      [DEMO_INDICATORS.ip, 'detected', ['Demo_IP_Reputation']],
      [DEMO_INDICATORS.md5.toUpperCase(), 'detected', ['Demo_Malicious_Hash']],
      ['http://clean.example/', 'not detected', []],
    ]);
    expect(answers[0]?.categories[0]).toMatchObject({
      detected_indicator: 'demo-botnet-cnc.example/gate.php',
      context: { threat: 'Backdoor.Win32.Demo.a' },
    });
    // The Authorization header never reaches the log.
    expect(target.log.lines.join('\n')).toMatch(/REST POST \/api\/1\.2\/lookup -> 200/);
    expect(target.log.lines.join('\n')).not.toMatch(/CyberTrace!1|Basic /);
  });

  it('refuses a wrong password, an unknown user and a missing header with 401 and a Basic challenge', async () => {
    const target = await start({
      name: 'rest-auth',
      version: '4.4',
      address: '127.0.100.11',
      restData: { users: [{ name: 'analyst', password: 'lab-Pw-7' }] },
    });
    await target.service.ready;
    for (const auth of [basic('analyst', 'wrong'), basic('admin', 'CyberTrace!1'), '']) {
      const reply = await lookup(target, [DEMO_INDICATORS.ip], { auth });
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Basic realm="Kaspersky CyberTrace"');
    }
    expect((await lookup(target, [DEMO_INDICATORS.ip], { auth: basic('analyst', 'lab-Pw-7') })).status).toBe(200);
  });

  it('gives the documented statuses: 404 version, 405 method, 406 Accept, 400 body and content type', async () => {
    const target = await start({ name: 'rest-status', version: '4.4', address: '127.0.100.12' });
    await target.service.ready;
    const auth = basic('admin', 'CyberTrace!1');
    expect((await lookup(target, ['x'], { version: '1.3' })).status).toBe(404);
    expect((await lookup(target, ['x'], { version: '8.0' })).status).toBe(404);
    expect((await call(target, '/api/1.2/lookup', { method: 'GET', headers: { ...JSON_HEADERS, Authorization: auth } })).status).toBe(405);
    expect(
      (
        await call(target, '/api/1.2/lookup', {
          headers: { ...JSON_HEADERS, Accept: 'application/pdf', Authorization: auth },
          body: '[{"object":"x"}]',
        })
      ).status,
    ).toBe(406);
    expect(
      (
        await call(target, '/api/1.2/lookup', {
          headers: { ...JSON_HEADERS, 'Content-Type': 'text/plain', Authorization: auth },
          body: '[{"object":"x"}]',
        })
      ).status,
    ).toBe(400);
    const bad = await call(target, '/api/1.2/lookup', { headers: { ...JSON_HEADERS, Authorization: auth }, body: '[]' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/at least one/);
  });

  it('answers 425 until the service is ready', async () => {
    const target = await start({ name: 'rest-early', version: '4.4', address: '127.0.100.13', readyDelayMs: 1500 });
    expect((await lookup(target, [DEMO_INDICATORS.ip])).status).toBe(425);
    await target.service.ready;
    expect((await lookup(target, [DEMO_INDICATORS.ip])).status).toBe(200);
  });

  it('applies the seeded FalsePositive and InternalTI lists, re-read on every request', async () => {
    const target = await start({ name: 'rest-lists', version: '4.4', address: '127.0.100.14' });
    await target.service.ready;
    const categories = async (object: string): Promise<string[]> => {
      const [answer] = JSON.parse((await lookup(target, [object])).body) as { categories: { category: string }[] }[];
      return answer?.categories.map((category) => category.category) ?? [];
    };
    expect(await categories(DEMO_INDICATORS.url)).toEqual(['Demo_Botnet_CnC_URL']);
    expect(await categories('198.51.100.7')).toEqual([]);
    await writeFile(
      target.dataFile,
      JSON.stringify({
        suppliers: {
          FalsePositive: [{ indicator: 'HTTP://Demo-Botnet-CnC.example/gate.php/' }],
          InternalTI: [{ indicator: '198.51.100.7', context: { owner: 'soc' } }],
        },
      }),
    );
    expect(await categories(DEMO_INDICATORS.url)).toEqual([]);
    expect(await categories('198.51.100.7')).toEqual(['KL_InternalTI_IP']);
    await writeFile(target.dataFile, '{"users": 5}');
    const broken = await lookup(target, ['x']);
    expect(broken.status).toBe(500);
    expect(target.log.lines.join('\n')).toMatch(/ERROR REST: lab data file .*lab_rest\.json: users: /);
  });

  it('serves a Windows 5.1 tree (BOM, CRLF, ..\\httpsrv paths) with API 1.3 and the tenant path', async () => {
    const target = await start({ name: 'rest-win51', version: '5.1', os: 'windows', address: '127.0.100.15' });
    await target.service.ready;
    expect((await lookup(target, [DEMO_INDICATORS.sha256], { version: '1.3' })).status).toBe(200);
    const tenant = await call(target, '/api/1.3/General/lookup', {
      headers: { ...JSON_HEADERS, Authorization: basic('admin', 'CyberTrace!1') },
      body: `[{"object":"${DEMO_INDICATORS.sha1}"}]`,
    });
    expect(JSON.parse(tenant.body)).toMatchObject([{ result: 'detected', categories: [{ category: 'Demo_Malicious_Hash' }] }]);
    expect(
      (
        await call(target, '/api/1.2/General/lookup', {
          headers: { ...JSON_HEADERS, Authorization: basic('admin', 'CyberTrace!1') },
          body: '[{"object":"x"}]',
        })
      ).status,
    ).toBe(404);
  });

  it('refuses to start when the certificate file is missing, naming it, and frees the input port', async () => {
    const tree = await prepareTree({ name: 'rest-nocert', version: '4.4', address: '127.0.100.16' });
    await rm(tree.certFile);
    const log = createMemoryLog();
    const starting = startFeedService({
      configPath: tree.configPath,
      binDir: tree.binDir,
      bindAddress: '127.0.100.16',
      readyDelayMs: 0,
      log,
      rest: { port: 0 },
    });
    await expect(starting).rejects.toThrow(/HTTPServer: cannot read the certificate .*httpsrv\/kl_feed_service_cert\.pem \(ENOENT\)/);
    const port = Number(/listening on 127\.0\.100\.16:(\d+)/.exec(log.lines.join('\n'))?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await pingReplyBack('127.0.100.16', port, 2000)).toMatchObject({ ok: false, failure: 'refused' });
    await rm(tree.dir, { recursive: true, force: true });
  });
});

describe('the simulator process with --rest-port', () => {
  it("serves the lookup with the tree's certificate, answers 200, and stops on SIGTERM", async () => {
    const simulator = await bundleSimulator();
    const tree = await prepareTree({
      name: 'rest-proc',
      version: '5.1',
      address: '127.0.100.20',
      restData: { users: [{ name: 'admin', password: 'proc-pw' }] },
    });
    const log = join(tree.dir, 'service.log');
    const args = [
      '--bin-dir',
      tree.binDir,
      '-c',
      tree.configPath,
      '--log',
      log,
      '--bind-address',
      '127.0.100.20',
      '--ready-delay-ms',
      '0',
      '--rest-port',
      '0',
    ];
    const child = spawn(process.execPath, [simulator, ...args], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let port = 0;
      for (let waited = 0; waited < 5000 && port === 0; waited += 50) {
        port = Number(
          /REST API listening on https:\/\/127\.0\.100\.20:(\d+)\/api\/ \(1\.0, 1\.1, 1\.2, 1\.3\)/.exec(
            await readFile(log, 'utf8').catch(() => ''),
          )?.[1] ?? 0,
        );
        if (port === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(port).toBeGreaterThan(0);
      const target: RestTarget = { service: { address: '127.0.100.20', restPort: port }, certFile: tree.certFile };
      const reply = await lookup(target, [DEMO_INDICATORS.ip], { auth: basic('admin', 'proc-pw') });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject([{ object: DEMO_INDICATORS.ip, result: 'detected' }]);
      child.kill('SIGTERM');
      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000))])).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(tree.dir, { recursive: true, force: true });
    }
  });
});

describe('lookup bodies and the command line', () => {
  it.each([
    ['not json', /not JSON/],
    ['{"object":"x"}', /JSON array/],
    ['[{"object":""}]', /item 0/],
    ['[{"object":"a"},{"obj":"b"}]', /item 1/],
  ])('refuses %s', (body, reason) => {
    expect(lookupRequestObjects(body)).toMatch(reason);
  });

  it('parses --rest-port and --rest-data, and refuses --rest-data alone', () => {
    const command = parseCliArgs(['--bin-dir', '/x/bin', '-c', 'a.conf', '--rest-port', '0', '--rest-data', '../httpsrv/d.json']);
    expect(command.kind === 'run' && command.options.rest).toEqual({ port: 0, dataFile: '/x/httpsrv/d.json' });
    expect(() => parseCliArgs(['--bin-dir', '/x', '-c', 'a', '--rest-data', 'd.json'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--bin-dir', '/x', '-c', 'a', '--rest-port', '70000'])).toThrow(/--rest-port/);
  });
});
