import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newKeyPair, sha256Fingerprint } from '../../../lab/orchestrator/lab-keys.js';
import type { LabOptions } from '../../../lab/orchestrator/lab-options.js';
import { parseFaultArgument } from '../../../lab/orchestrator/lab-options.js';
import { knownHostsLines, labProject } from '../../../lab/orchestrator/lab-project.js';
import { planInstances } from '../../../lab/orchestrator/plan-instances.js';
import { DRIFT_PRESETS } from '../../../lab/spec.js';

const options = (overrides: Partial<LabOptions> = {}): LabOptions => ({
  dir: '/tmp/lab-plan',
  linux: 2,
  windows: 1,
  backend: 'emulated',
  version: '4.1',
  drift: 'none',
  faults: [],
  addressBase: '127.0.40.10',
  readyDelayMs: 500,
  ...overrides,
});

describe('lab plan', () => {
  it('gives each host its own loopback address, the Balancer the first, and the right service control', () => {
    const { instances, balancer } = planInstances(options({ backend: 'openssh' }));
    expect(balancer.address).toBe('127.0.40.10');
    expect(instances.map((i) => [i.name, i.address, i.sshPort, i.backend, i.serviceControl])).toEqual([
      ['ct-linux-1', '127.0.40.11', 22, 'openssh', 'systemctl'],
      ['ct-linux-2', '127.0.40.12', 22, 'openssh', 'systemctl'],
      // No Windows host on real OpenSSH: Windows hosts are always emulated.
      ['ct-win-1', '127.0.40.13', 2222, 'emulated', 'kl_control'],
    ]);
    expect(instances[2]?.serviceDir).toBe('C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace');
    expect(planInstances(options({ version: '5.1' })).instances[2]?.serviceControl).toBe('sc');
  });

  it('keeps the first instance as the consistent reference and spreads the default drift', () => {
    const { instances } = planInstances(options({ linux: 3, windows: 1, drift: 'default' }));
    expect(instances[0]?.drift).toEqual([]);
    expect(new Set(instances.flatMap((i) => i.drift))).toEqual(new Set(DRIFT_PRESETS));
    const listed = planInstances(options({ drift: ['req-missing'] })).instances;
    expect(listed.map((i) => i.drift)).toEqual([[], ['req-missing'], ['req-missing']]);
  });

  it('parses faults, refuses unknown instances, and gives OpenSSH hosts every fault preset', () => {
    expect(parseFaultArgument('ct-linux-1:slow:2500')).toEqual({ instance: 'ct-linux-1', kind: 'slow', latencyMs: 2500 });
    expect(() => parseFaultArgument('ct-linux-1:explode')).toThrow('FAULT one of');
    expect(() => planInstances(options({ faults: [{ instance: 'ct-linux-9', kind: 'silent' }] }))).toThrow('no such instance');
    // Every preset is real on OpenSSH hosts too (relay, tmpfs, read-only tree: docs/LAB.md).
    expect(
      planInstances(options({ backend: 'openssh', faults: [{ instance: 'ct-linux-1', kind: 'disk-full' }] })).instances[0]?.faults,
    ).toEqual([{ kind: 'disk-full' }]);
    const planned = planInstances(options({ backend: 'openssh', faults: [{ instance: 'ct-linux-1', kind: 'refuse-start' }] }));
    expect(planned.instances[0]?.faults).toEqual([{ kind: 'refuse-start' }]);
  });

  it('writes a valid project without pinned keys, and known_hosts in OpenSSH form', () => {
    const { instances } = planInstances(options());
    const project = labProject('Lab', instances, 'ctlab');
    expect(project.referenceInstance).toBe('ct-linux-1');
    expect(project.hostKeys).toEqual([]);
    expect(project.instances.map((i) => i.privilege)).toEqual(['sudo-password', 'sudo-password', 'administrator']);
    expect(
      knownHostsLines([
        { address: '127.0.0.5', port: 22, publicKey: 'ssh-ed25519 AAA' },
        { address: '127.0.0.6', port: 2222, publicKey: 'ssh-ed25519 BBB' },
      ]),
    ).toBe('127.0.0.5 ssh-ed25519 AAA\n[127.0.0.6]:2222 ssh-ed25519 BBB\n');
  });

  it('computes fingerprints exactly as ssh-keygen -lf prints them', () => {
    const pair = newKeyPair();
    const file = join(mkdtempSync(join(tmpdir(), 'ctha-key-')), 'k.pub');
    writeFileSync(file, `${pair.publicKey}\n`);
    const keygen = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' });
    expect(keygen.split(' ')[1]).toBe(sha256Fingerprint(pair.publicKey));
  });
});
