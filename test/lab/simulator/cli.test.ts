import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSimulator } from './bundle-simulator.js';
import { fixtureText, writeConfig } from './fixtures.js';
import { connectClient, sleep } from './tcp-helpers.js';

let simulator: string;
beforeAll(async () => {
  simulator = await bundleSimulator();
});

/** Runs the simulator to completion (refusals exit at once) and returns its exit code and log. */
async function refuse(configText: string | undefined): Promise<{ status: number | null; log: string }> {
  const config = configText === undefined ? join(await writeConfig(''), '..', 'absent.conf') : await writeConfig(configText);
  const log = join(dirname(config), 'service.log');
  const run = spawnSync(process.execPath, [simulator, '--bin-dir', dirname(config), '-c', config, '--log', log], { timeout: 10_000 });
  return { status: run.status, log: await readFile(log, 'utf8') };
}

/** The port the simulator reports in its log once bound (bounded wait). */
async function listeningPort(log: string, address: string): Promise<number> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const match = new RegExp(`listening on ${address.replaceAll('.', '\\.')}:(\\d+)`).exec(await readFile(log, 'utf8').catch(() => ''));
    if (match?.[1] !== undefined) return Number(match[1]);
    await sleep(50);
  }
  throw new Error(`no "listening on ${address}" line in ${log} within 5 s`);
}

const DOCTYPE = '<?xml version="1.0"?>\n<!DOCTYPE Configuration [<!ENTITY x "y">]>\n<Configuration/>\n';

describe('kl_feed_service command line', () => {
  it.each([
    ['a missing file', undefined, /ERROR cannot start: .*absent\.conf: file not found/],
    [
      'malformed XML',
      '<Configuration><InputSettings></Configuration>',
      /ERROR cannot start: .*: not well-formed XML: Expected closing tag 'InputSettings'/,
    ],
    ['a DOCTYPE', DOCTYPE, /ERROR cannot start: .*: a DOCTYPE declaration is not allowed/],
    [
      'a missing mandatory element',
      fixtureText('4x').replace(/<EventFormat>.*<\/EventFormat>/, ''),
      /ERROR cannot start: .*: mandatory element OutputSettings\/EventFormat is missing/,
    ],
  ])('refuses to start on %s: exit 1 and an ERROR line naming the problem', async (_name, text, line) => {
    const { status, log } = await refuse(text);
    expect(status).toBe(1);
    expect(log).toMatch(line);
  });

  it('exits 2 on a bad command line, prints -v and -h', () => {
    const bad = spawnSync(process.execPath, [simulator, '-c', 'x.conf'], { encoding: 'utf8', timeout: 10_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('kl_feed_service: --bin-dir is required');
    expect(spawnSync(process.execPath, [simulator, '-v'], { encoding: 'utf8' }).stdout).toMatch(/lab simulator/);
    expect(spawnSync(process.execPath, [simulator, '-h'], { encoding: 'utf8' }).stdout).toMatch(
      /^usage: kl_feed_service --bin-dir DIR -c CONFIG/,
    );
  });

  it('resolves -c and -p from --bin-dir, binds --bind-address, answers PONG, stops on SIGTERM and removes its pid file', async () => {
    const root = dirname(await writeConfig(''));
    const binDir = join(root, 'bin');
    await mkdir(join(root, 'etc'), { recursive: true });
    await mkdir(binDir, { recursive: true });
    await writeFile(join(root, 'etc', 'kl_feed_service.conf'), fixtureText('4x', { input: '0.0.0.0:0' }).replace(/\n/g, '\r\n'));
    const log = join(root, 'service.log');
    const args = [
      '--bin-dir',
      binDir,
      '-c',
      '../etc/kl_feed_service.conf',
      '-p',
      'kl.pid',
      '--log',
      log,
      '--bind-address',
      '127.0.0.6',
      '--ready-delay-ms',
      '0',
    ];
    const child = spawn(process.execPath, [simulator, ...args], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await listeningPort(log, '127.0.0.6');
      expect((await readFile(join(binDir, 'kl.pid'), 'utf8')).trim()).toBe(String(child.pid));
      const client = await connectClient('127.0.0.6', port);
      client.send('X-KF-ReplyBackPING\n');
      expect(await client.waitForLines(1)).toEqual(['PONG']);
      child.kill('SIGTERM');
      expect(await Promise.race([exited, sleep(5000).then(() => 'timeout')])).toBe(0);
      expect(existsSync(join(binDir, 'kl.pid'))).toBe(false);
      expect(await readFile(log, 'utf8')).toMatch(/INFO SIGTERM: stopping[\s\S]*INFO stopped/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('--refuse-if-config-changed-from: refuses once the config differs from that hash', async () => {
    const config = await writeConfig(fixtureText('4x'));
    const log = join(dirname(config), 'service.log');
    const run = spawnSync(
      process.execPath,
      [simulator, '--bin-dir', dirname(config), '-c', config, '--log', log, '--refuse-if-config-changed-from', 'a'.repeat(64)],
      { timeout: 10_000 },
    );
    expect(run.status).toBe(1);
    expect(await readFile(log, 'utf8')).toMatch(
      /ERROR cannot start: .*the configuration changed \(sha256 [0-9a-f]{64}, expected a{64}\); refusing to start \(lab fault refuse-start\)/,
    );
  });
});
