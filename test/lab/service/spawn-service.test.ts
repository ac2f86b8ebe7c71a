// The lab's service start settles on the simulator's "listening on" line, not on a fixed window:
// a child that boots slowly and then refuses its config is a failed start, however long it took.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnService } from '../../../lab/service/spawn-service.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LISTENING = /^\S+ INFO listening on /;
const line = (level: string, text: string): string => `console.log(new Date().toISOString() + ' ${level} ${text}')`;

describe('spawnService', () => {
  it('reports a refusal that comes after the old 1.5 s window as a failed start, with its ERROR line', async () => {
    const script = `setTimeout(() => { ${line('ERROR', 'cannot start: the configuration changed')}; process.exit(1); }, 2000)`;
    const outcome = await spawnService({
      nodePath: process.execPath,
      args: ['-e', script],
      logFile: join(dir, 'slow-refusal.log'),
      watchMs: 10_000,
      settledLine: LISTENING,
    });
    expect(outcome).toEqual({ kind: 'exited', message: 'kl_feed_service exited with code 1: cannot start: the configuration changed' });
  }, 20_000);

  it('settles as running as soon as the child logs the settled line, not when the window ends (the child exits at 3 s, before the 20 s window)', async () => {
    const script = `${line('INFO', 'listening on 127.0.0.1:9999')}; setTimeout(() => process.exit(0), 3000)`;
    const outcome = await spawnService({
      nodePath: process.execPath,
      args: ['-e', script],
      logFile: join(dir, 'settles.log'),
      watchMs: 20_000,
      settledLine: LISTENING,
    });
    expect(outcome.kind).toBe('running');
    if (outcome.kind === 'running') process.kill(outcome.pid, 'SIGTERM');
  }, 30_000);

  it('without a settled line, a child still running at the end of the window is running', async () => {
    const outcome = await spawnService({
      nodePath: process.execPath,
      args: ['-e', 'setTimeout(() => {}, 5000)'],
      logFile: join(dir, 'window.log'),
      watchMs: 300,
    });
    expect(outcome.kind).toBe('running');
    if (outcome.kind === 'running') process.kill(outcome.pid, 'SIGTERM');
  }, 10_000);
});
