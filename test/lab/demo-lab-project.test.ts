// The training lab's project (issue 13 item 6): what `ctha demo` asks the lab for, and the project the lab
// writes for it, read without starting a host (no address is bound: 127.0.0.x is only laid out).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoLabArgs, demoProjectPath } from '../../cli/commands/demo/demo-lab.js';
import type { LabOptions } from '../../lab/orchestrator/lab-options.js';
import { labProject } from '../../lab/orchestrator/lab-project.js';
import { planInstances } from '../../lab/orchestrator/plan-instances.js';
import { readLabTraining } from '../../lab/orchestrator/run-lab.js';

const options: LabOptions = {
  dir: '/tmp/demo-lab-project',
  linux: 2,
  windows: 1,
  backend: 'emulated',
  version: '4.4',
  drift: 'default',
  faults: [],
  addressBase: '127.0.0.10',
  readyDelayMs: 500,
};
const { instances } = planInstances(options);

describe("the demo lab's project", () => {
  it('logs in with the lab key and uses sudo without a password when the lab is a training lab', () => {
    const project = labProject('demo', instances, 'ctlab', { keyPath: '/lab/keys/id_ed25519', passwordlessSudo: true });
    expect(project.instances.map((instance) => [instance.name, instance.auth, instance.privilege])).toEqual([
      ['ct-linux-1', { method: 'key', keyPath: '/lab/keys/id_ed25519' }, 'sudo'],
      ['ct-linux-2', { method: 'key', keyPath: '/lab/keys/id_ed25519' }, 'sudo'],
      ['ct-win-1', { method: 'key', keyPath: '/lab/keys/id_ed25519' }, 'administrator'],
    ]);
  });

  it('keeps password login and password sudo for every other lab (the tests that check sudo)', () => {
    const project = labProject('plain', instances, 'ctlab');
    expect(project.instances.map((instance) => [instance.auth.method, instance.privilege])).toEqual([
      ['password', 'sudo-password'],
      ['password', 'sudo-password'],
      ['password', 'administrator'],
    ]);
  });

  it('is what `ctha demo` asks for: an emulated lab with key login and passwordless sudo', () => {
    const args = demoLabArgs('/tmp/d', '127.0.0.10');
    expect(args).toEqual(expect.arrayContaining(['--key-login', '--passwordless-sudo']));
    expect(args[args.indexOf('--backend') + 1]).toBe('emulated');
    expect(args[args.indexOf('--out') + 1]).toBe('/tmp/d');
    expect(demoProjectPath('/tmp/d')).toBe('/tmp/d/cluster.ctha.json');
  });

  it('reads the training settings from the request `ctha lab up` writes, and none from a plain request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctha-demo-lab-'));
    expect(await readLabTraining(dir)).toEqual({ keyLogin: false, passwordlessSudo: false });
    writeFileSync(join(dir, 'lab-request.json'), JSON.stringify({ ...options, keyLogin: true, passwordlessSudo: true }));
    expect(await readLabTraining(dir)).toEqual({ keyLogin: true, passwordlessSudo: true });
    writeFileSync(join(dir, 'lab-request.json'), JSON.stringify({ ...options, keyLogin: 'yes' }));
    expect(await readLabTraining(dir)).toEqual({ keyLogin: false, passwordlessSudo: false });
  });
});
