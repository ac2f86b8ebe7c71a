import { createHash } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServiceController, waitForPong, type ServiceController } from '../../../lab/service/controller.js';
import type { LabInstance } from '../../../lab/spec.js';
import { bundleSimulator } from '../simulator/bundle-simulator.js';
import { sleep } from '../simulator/tcp-helpers.js';
import { configPathOf, installTree, makeInstance } from './lab-instance.js';

let simulatorPath: string;
beforeAll(async () => {
  simulatorPath = await bundleSimulator();
});

// Every controller a test makes is stopped afterwards, so a failing test leaves no process behind.
const made: ServiceController[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((controller) => controller.stop()));
});
const controllerFor = (instance: LabInstance): ServiceController => {
  const controller = createServiceController(instance, { simulatorPath, readyDelayMs: 100 });
  made.push(controller);
  return controller;
};

const pidOf = async (instance: LabInstance): Promise<number> =>
  Number((await readFile(join(instance.stateDir, 'kl_feed_service.pid'), 'utf8')).trim());

/** True once no process has this pid any more (our own children are reaped by Node's event loop). */
async function gone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 3000; waited += 25) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await sleep(25);
  }
  return false;
}

describe('service controller', () => {
  it('starts, reports and stops across two controller objects, leaving no process', async () => {
    const instance = await makeInstance();
    await installTree(instance);
    const a = controllerFor(instance);
    const b = controllerFor(instance);
    expect(await b.status()).toBe('inactive');
    expect(await a.start()).toMatchObject({ ok: true, message: expect.stringMatching(/^started \(pid \d+\)$/) as unknown });
    const pid = await pidOf(instance);
    expect(await b.status()).toBe('active');
    expect(await b.start()).toEqual({ ok: true, message: `already active (pid ${pid})` });
    expect(await waitForPong(instance.address, instance.inputPort, 5000)).toBe(true);
    expect(await b.stop()).toEqual({ ok: true, message: `stopped (pid ${pid})` });
    expect(await a.status()).toBe('inactive');
    expect(await gone(pid)).toBe(true);
    expect(await a.stop()).toEqual({ ok: true, message: 'not running' });
  });

  it('a start that fails reports the log error line and leaves status failed until stopped', async () => {
    const instance = await makeInstance();
    await installTree(instance, '<Configuration><InputSettings></Configuration>');
    const controller = controllerFor(instance);
    const result = await controller.start();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^kl_feed_service exited with code 1: cannot start: .*kl_feed_service\.conf: not well-formed XML/);
    expect(await controller.status()).toBe('failed');
    expect(await controller.stop()).toMatchObject({ ok: true });
    expect(await controller.status()).toBe('inactive');
  });

  it('a service that dies on its own reads as failed, and starts again', async () => {
    const instance = await makeInstance();
    await installTree(instance);
    const controller = controllerFor(instance);
    expect((await controller.start()).ok).toBe(true);
    const pid = await pidOf(instance);
    process.kill(pid, 'SIGKILL');
    expect(await gone(pid)).toBe(true);
    expect(await controller.status()).toBe('failed');
    expect((await controller.start()).ok).toBe(true);
    expect(await controller.status()).toBe('active');
  });

  it('refuse-start: once the config differs from the one at first creation, start fails; restored, it starts', async () => {
    const instance = await makeInstance({ faults: [{ kind: 'refuse-start' }] });
    const original = await installTree(instance);
    controllerFor(instance);
    const baseline = (await readFile(join(instance.stateDir, 'kl_feed_service.conf.sha256'), 'utf8')).trim();
    expect(baseline).toBe(createHash('sha256').update(original).digest('hex'));
    await appendFile(configPathOf(instance), '<!-- edited by the wizard -->\n');
    // A new controller, as a later `systemctl` process would make, keeps the first baseline.
    const later = controllerFor(instance);
    const refused = await later.start();
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('the configuration changed');
    expect(refused.message).toContain('refusing to start (lab fault refuse-start)');
    expect(await later.status()).toBe('failed');
    await writeFile(configPathOf(instance), original);
    expect((await later.start()).ok).toBe(true);
  });

  it('Windows layout: the config is read from <serviceDir>\\bin', async () => {
    const instance = await makeInstance({ os: 'windows' });
    await installTree(instance);
    expect(configPathOf(instance)).toContain(
      join('C', 'Program Files', 'Kaspersky Lab', 'Kaspersky CyberTrace', 'bin', 'kl_feed_service.conf'),
    );
    const controller = controllerFor(instance);
    expect((await controller.start()).ok).toBe(true);
    expect(await waitForPong(instance.address, instance.inputPort, 5000)).toBe(true);
  });

  it('concurrent starts from two controllers run one service', async () => {
    const instance = await makeInstance();
    await installTree(instance);
    const results = await Promise.all([controllerFor(instance).start(), controllerFor(instance).start()]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(results.filter((result) => result.message.startsWith('already active'))).toHaveLength(1);
  });
});
