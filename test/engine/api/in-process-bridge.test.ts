// The CLI's transport: calls through dispatch (validated both ways, errors as ApiError), events from the EventHub,
// and the operations the contract gained for it (hostkeys.pin, hostkeys.import, plan.read), without any host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, createInProcessBridge } from '../../../engine/api/create-engine.js';
import { createClient } from '../../../shared/contract/client.js';
import type { EngineEvent } from '../../../shared/contract/events.js';

const dir = mkdtempSync(join(tmpdir(), 'ctha-bridge-'));

function setup() {
  const engine = createEngine({ frontEnd: 'cli' });
  return { engine, api: createClient(createInProcessBridge(engine)) };
}

function project(name: string): string {
  const path = join(dir, `${name}.ctha.json`);
  writeFileSync(
    path,
    JSON.stringify({
      schemaVersion: 1,
      name,
      referenceInstance: 'a',
      instances: [{ name: 'a', host: '127.0.210.30', port: 2222, os: 'linux', user: 'u', auth: { method: 'agent' }, privilege: 'root' }],
    }),
  );
  return path;
}

function hostKey(): { line: string; fingerprint: string } {
  const key = join(dir, `key-${Math.random().toString(36).slice(2)}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const [type, body] = readFileSync(`${key}.pub`, 'utf8').trim().split(' ');
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${key}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
  return { line: `${type} ${body}`, fingerprint };
}

describe('the in-process bridge', () => {
  it('refuses invalid input before any handler runs, with located issues', async () => {
    const { api } = setup();
    await expect(api['hostkeys.pin']({ path: ' ', instance: 'a', fingerprint: 'x' })).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'path' }],
    });
  });

  it("delivers the engine's prompt events and takes the answer through prompt.answer", async () => {
    const { engine, api } = setup();
    const seen: EngineEvent[] = [];
    const stop = api.onEvent((event) => {
      seen.push(event);
      if (event.name === 'prompt')
        void api['prompt.answer']({ promptId: event.payload.promptId, answer: { kind: 'passphrase', secret: 'typed' } });
    });
    await expect(engine.prompts.ask<'passphrase'>({ kind: 'passphrase', keyPath: '/k' })).resolves.toEqual({
      kind: 'passphrase',
      secret: 'typed',
    });
    stop();
    expect(seen.map((event) => event.name)).toEqual(['prompt', 'prompt.closed']);
  });
});

describe('hostkeys.pin and hostkeys.import', () => {
  it('pins a pasted ssh-keygen line once, then reports it as already pinned without writing', async () => {
    const { api } = setup();
    const path = project('pin');
    const key = hostKey();
    const first = await api['hostkeys.pin']({ path, instance: 'a', fingerprint: `256 ${key.fingerprint} root@host (ED25519)` });
    expect(first).toMatchObject({
      pinned: [{ host: '127.0.210.30', port: 2222, type: 'ssh-ed25519', fingerprint: key.fingerprint }],
      alreadyPinned: 0,
      projectSaved: true,
    });
    const bytes = readFileSync(path, 'utf8');
    expect(await api['hostkeys.pin']({ path, instance: 'a', fingerprint: key.fingerprint, type: 'ssh-ed25519' })).toMatchObject({
      pinned: [],
      alreadyPinned: 1,
      projectSaved: false,
    });
    expect(readFileSync(path, 'utf8')).toBe(bytes);
  });

  it('refuses an MD5 fingerprint, an unknown instance and a missing key type, writing nothing', async () => {
    const { api } = setup();
    const path = project('refuse');
    const bytes = readFileSync(path, 'utf8');
    await expect(
      api['hostkeys.pin']({ path, instance: 'a', fingerprint: 'MD5:12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0' }),
    ).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/MD5/) });
    await expect(api['hostkeys.pin']({ path, instance: 'nope', fingerprint: hostKey().fingerprint })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('no instance "nope"'),
    });
    await expect(api['hostkeys.pin']({ path, instance: 'a', fingerprint: hostKey().fingerprint })).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'type' }],
    });
    expect(readFileSync(path, 'utf8')).toBe(bytes);
  });

  it("imports the instance's key from known_hosts and notes what it skipped, by line", async () => {
    const { api } = setup();
    const path = project('import');
    const key = hostKey();
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(
      knownHosts,
      [`[127.0.210.30]:2222 ${key.line}`, `[127.0.210.31]:22 ${hostKey().line}`, '@cert-authority * ssh-ed25519 AAAA'].join('\n'),
    );
    const result = await api['hostkeys.import']({ path, knownHosts });
    expect(result.pinned.map((pin) => pin.fingerprint)).toEqual([key.fingerprint]);
    expect(result.projectSaved).toBe(true);
    expect(result.notes.some((note) => note.line === 3)).toBe(true);
    await expect(api['hostkeys.import']({ path, knownHosts: join(dir, 'none') })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('plan.read', () => {
  it("refuses a file that is not a plan with the reader's reason", async () => {
    const { api } = setup();
    const notPlan = join(dir, 'not-plan.json');
    writeFileSync(notPlan, JSON.stringify({ hello: 'world' }));
    await expect(api['plan.read']({ path: notPlan })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(api['plan.read']({ plan: { planFormatVersion: 99 }, source: 'inline' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('inline is plan format 99'),
    });
  });
});
