// A lab started as a user starts one (`ctha lab up`), for tests that need hosts in other processes.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPathToLocal } from '../../lab/host-paths.js';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';
import type { LabInstance } from '../../lab/spec.js';
import { ctha, requireBuiltCli } from './ctha.js';

/** A running lab and what tests need from it. */
export interface TestLab {
  readonly dir: string;
  readonly file: LabFile;
  /** The lab's instance by name. */
  instance(name: string): LabInstance;
  /** The local file behind a host path of an instance. */
  local(name: string, hostPath: string): string;
  /** Stops the lab and removes its folder. */
  down(): void;
}

/** Reads a running lab's lab.json. */
export function labFile(dir: string): LabFile {
  return JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as LabFile;
}

/**
 * Starts a lab with `ctha lab up` at an address base from test/support/addresses.ts; extra arguments
 * as the command takes them (`--backend openssh`, `--drift ...`).
 */
export function startLab(addressBase: string, args: readonly string[]): TestLab {
  requireBuiltCli();
  const parent = mkdtempSync(join(tmpdir(), 'ctha-test-lab-'));
  // mkdtemp makes 0700 folders; an OpenSSH host's sshd reads the lab user's keys as that user, below this folder.
  chmodSync(parent, 0o755);
  const dir = join(parent, 'lab');
  const up = ctha('lab', 'up', '--out', dir, '--address-base', addressBase, '--ready-delay-ms', '200', ...args);
  if (up.status !== 0) {
    if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`lab up failed: ${up.stderr}${up.stdout}`);
  }
  const file = labFile(dir);
  const instance = (name: string): LabInstance => {
    const found = file.hosts.find((host) => host.instance.name === name)?.instance;
    if (!found) throw new Error(`no lab instance ${name}`);
    return found;
  };
  return {
    dir,
    file,
    instance,
    local: (name, hostPath) => hostPathToLocal(instance(name), hostPath),
    down: () => {
      if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
