import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hostJoin, hostPathToLocal } from '../../../lab/host-paths.js';
import { LINUX_SERVICE_DIR, WINDOWS_SERVICE_DIR, type LabInstance } from '../../../lab/spec.js';
import { fixtureText } from '../simulator/fixtures.js';

/** A lab instance in a fresh temp folder with its own 127.0.0.x and a random high input port. */
export async function makeInstance(overrides: Partial<LabInstance> = {}): Promise<LabInstance> {
  const root = await mkdtemp(join(tmpdir(), 'ctha-svc-'));
  const os = overrides.os ?? 'linux';
  return {
    name: 'ct1',
    os,
    version: os === 'linux' ? '4.4' : '5.1',
    backend: 'emulated',
    address: `127.0.0.${20 + Math.floor(Math.random() * 230)}`,
    sshPort: 0,
    inputPort: 20_000 + Math.floor(Math.random() * 40_000),
    serviceDir: os === 'linux' ? LINUX_SERVICE_DIR : WINDOWS_SERVICE_DIR,
    rootDir: join(root, 'root'),
    stateDir: join(root, 'state'),
    serviceControl: os === 'linux' ? 'systemctl' : 'sc',
    drift: [],
    faults: [],
    ...overrides,
  };
}

/** Where the instance's kl_feed_service.conf lives locally (Linux etc/, Windows bin\). */
export function configPathOf(instance: LabInstance): string {
  const dir = instance.os === 'linux' ? 'etc' : 'bin';
  return hostPathToLocal(instance, hostJoin(instance.os, instance.serviceDir, dir, 'kl_feed_service.conf'));
}

/** Writes the install tree the controller needs: bin/ and a config listening on 0.0.0.0:inputPort. */
export async function installTree(instance: LabInstance, configText?: string): Promise<string> {
  await mkdir(hostPathToLocal(instance, hostJoin(instance.os, instance.serviceDir, 'bin')), { recursive: true });
  const path = configPathOf(instance);
  await mkdir(dirname(path), { recursive: true });
  const text = configText ?? fixtureText(instance.os === 'linux' ? '4x' : '5x', { input: `0.0.0.0:${instance.inputPort}` });
  await writeFile(path, text);
  return text;
}
