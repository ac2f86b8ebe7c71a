// The lab's Balancer process (lab/service/balancer-process.ts): it listens on kl_balancer.conf's address and
// matching_port exactly while the unit is active, whichever systemctl asks (the emulated shell's semantics in
// this process, or the OpenSSH hosts' stand-in as a process per call); the fault balancer-refuses-start keeps
// its first start with changed files from listening. Addresses: 127.0.177.10-29.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planInstances } from '../../../lab/orchestrator/plan-instances.js';
import type { FaultRequest } from '../../../lab/orchestrator/lab-options.js';
import { balancerEndpoint, startBalancerProcess } from '../../../lab/service/balancer-process.js';
import { runSystemctl } from '../../../lab/service/systemctl-semantics.js';
import type { ServiceController } from '../../../lab/service/controller.js';
import type { LabInstance } from '../../../lab/spec.js';
import { BALANCER_FILES } from '../../../lab/trees/balancer-conf.js';
import { balancerUnitOf, readBalancerUnit, requestBalancerUnit } from '../../../lab/trees/balancer-service-state.js';
import { installBalancerOnHost } from '../../../lab/trees/balancer-tree.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A lab layout with the Balancer installed on its first host (no SSH host, no service: only the Balancer). */
async function installed(addressBase: string, faults: FaultRequest[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'ctha-balancer-process-'));
  dirs.push(dir);
  const { instances, balancer } = planInstances({
    dir,
    linux: 2,
    windows: 0,
    backend: 'emulated',
    version: '5.1',
    drift: 'none',
    faults,
    addressBase,
    readyDelayMs: 0,
  });
  const host = await installBalancerOnHost(balancer, instances);
  if (host === undefined) throw new Error('no Balancer host');
  const conf = join(hostPathToLocal(host, host.serviceDir), ...BALANCER_FILES.conf);
  return { dir, host, balancer, conf };
}

/** Whether a TCP connection to address:port opens (refused or timed out: false). */
function answers(address: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    const end = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(3_000, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
    socket.connect(port, address);
  });
}

const noService: ServiceController = {
  start: () => Promise.resolve({ ok: true, message: '' }),
  stop: () => Promise.resolve({ ok: true, message: '' }),
  status: () => Promise.resolve('inactive'),
};

/** systemctl for the Balancer unit as the emulated shell runs it; resolves with the exit code and stderr. */
async function emulatedSystemctl(host: LabInstance, ...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runSystemctl({
    argv: [...argv, 'cybertrace_balancer.service'],
    isRoot: true,
    service: noService,
    balancer: balancerUnitOf(host),
    stdout: () => undefined,
    stderr: (text) => void (stderr += text),
  });
  return { code, stderr };
}

const isRoot = process.getuid?.() === 0;
const standIn = resolve('dist/lab/systemctl.js');

describe('the lab Balancer process', () => {
  it('listens on the conf address and matching_port exactly while the unit is active; the lab stop closes it', async () => {
    const { host, balancer, conf } = await installed('127.0.177.10');
    expect(balancerEndpoint(await readFile(conf, 'utf8'))).toEqual({ address: '127.0.177.10', port: balancer.matchingPort });
    const follower = await startBalancerProcess(host, balancer);
    try {
      expect(follower.listening()).toBe('127.0.177.10:9999');
      expect(await answers('127.0.177.10', 9999)).toBe(true);
      expect(await emulatedSystemctl(host, 'stop')).toEqual({ code: 0, stderr: '' });
      expect(await readBalancerUnit(host)).toBe('inactive');
      expect(await answers('127.0.177.10', 9999)).toBe(false);
      expect(await emulatedSystemctl(host, 'start')).toEqual({ code: 0, stderr: '' });
      expect(await answers('127.0.177.10', 9999)).toBe(true);
      expect(await emulatedSystemctl(host, 'restart')).toEqual({ code: 0, stderr: '' });
      expect(await answers('127.0.177.10', 9999)).toBe(true);
    } finally {
      await follower.stop();
    }
    expect(follower.listening()).toBeUndefined();
    expect(await answers('127.0.177.10', 9999)).toBe(false);
  }, 60_000);

  it.skipIf(!isRoot || !existsSync(standIn))(
    `follows the OpenSSH hosts' systemctl stand-in, a process per call (needs root and dist/lab/systemctl.js: ${isRoot ? 'root' : 'not root'}, ${existsSync(standIn) ? 'built' : 'not built'})`,
    async () => {
      const { dir, host, balancer } = await installed('127.0.177.20');
      const instanceFile = join(dir, 'instance.json');
      await writeFile(instanceFile, JSON.stringify(host));
      // Asynchronous: the follower answering the stand-in runs in this process's event loop.
      const call = (verb: string) =>
        new Promise<{ status: number; stdout: string }>((done) => {
          execFile(
            process.execPath,
            [standIn, '--lab-instance', instanceFile, verb, 'cybertrace_balancer.service'],
            { encoding: 'utf8', timeout: 30_000 },
            (error, stdout) => done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout }),
          );
        });
      const follower = await startBalancerProcess(host, balancer);
      try {
        expect((await call('stop')).status).toBe(0);
        expect(await answers('127.0.177.20', 9999)).toBe(false);
        expect((await call('is-active')).stdout).toBe('inactive\n');
        expect((await call('start')).status).toBe(0);
        expect((await call('is-active')).stdout).toBe('active\n');
        expect(await answers('127.0.177.20', 9999)).toBe(true);
      } finally {
        await follower.stop();
      }
    },
    60_000,
  );

  it('balancer-refuses-start: the first start with changed files does not listen; files put back it listens; the fault fires once', async () => {
    const { host, balancer, conf } = await installed('127.0.177.12', [{ instance: 'ct-linux-1', kind: 'balancer-refuses-start' }]);
    const original = await readFile(conf);
    const follower = await startBalancerProcess(host, balancer);
    try {
      expect(await answers('127.0.177.12', 9999)).toBe(true);
      expect((await emulatedSystemctl(host, 'stop')).code).toBe(0);
      await appendFile(conf, '<!-- edited -->\n');
      // The unit starts (as a Type=simple unit whose process stays up) but nothing listens.
      expect(await emulatedSystemctl(host, 'start')).toEqual({ code: 0, stderr: '' });
      expect(await readBalancerUnit(host)).toBe('active');
      expect(follower.listening()).toBeUndefined();
      expect(await answers('127.0.177.12', 9999)).toBe(false);
      expect((await emulatedSystemctl(host, 'stop')).code).toBe(0);
      await writeFile(conf, original);
      expect((await emulatedSystemctl(host, 'start')).code).toBe(0);
      expect(await answers('127.0.177.12', 9999)).toBe(true);
      // Changed again (as a later apply does): the fault has fired, so this start listens.
      expect((await emulatedSystemctl(host, 'stop')).code).toBe(0);
      await appendFile(conf, '<!-- edited again -->\n');
      expect((await emulatedSystemctl(host, 'start')).code).toBe(0);
      expect(await answers('127.0.177.12', 9999)).toBe(true);
    } finally {
      await follower.stop();
    }
  }, 60_000);

  it('balancer-refuses-start given to an instance that does not run the Balancer is refused, naming the one that does', async () => {
    await expect(installed('127.0.177.15', [{ instance: 'ct-linux-2', kind: 'balancer-refuses-start' }])).rejects.toThrow(
      '--fault ct-linux-2:balancer-refuses-start: the lab runs its Balancer on ct-linux-1; give the fault to that instance',
    );
  });

  it('a start nobody answers (no lab process) fails and leaves the unit failed', async () => {
    const { host } = await installed('127.0.177.18');
    const result = await requestBalancerUnit(host, 'active', 200);
    expect(result).toEqual({ ok: false, message: "the lab's Balancer process did not answer within 200 ms (is the lab running?)" });
    expect(await readBalancerUnit(host)).toBe('failed');
    expect(await answers('127.0.177.18', 9999)).toBe(false);
  });

  it('an address already taken stops the lab start with the address and the reason', async () => {
    const { host, balancer } = await installed('127.0.177.25');
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(9999, '127.0.177.25', done));
    try {
      await expect(startBalancerProcess(host, balancer)).rejects.toThrow(
        "ct-linux-1: the lab's Balancer did not start: cannot listen on 127.0.177.25:9999: EADDRINUSE",
      );
    } finally {
      await new Promise<void>((done) => squatter.close(() => done()));
    }
  });
});
