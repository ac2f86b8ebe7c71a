import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabFile } from '../../lab/orchestrator/lab-file.js';
import type { PrecheckResult } from '../../shared/prechecks/catalogue.js';
import { ctha } from '../support/ctha.js';
import { labFile } from '../support/lab.js';

describe('ctha hostkeys', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ctha-hostkeys-'));
  chmodSync(parent, 0o755);
  const dir = join(parent, 'lab');
  let lab: LabFile;
  const pinned = (path: string): string[] =>
    (JSON.parse(readFileSync(path, 'utf8')) as { hostKeys: { fingerprint: string }[] }).hostKeys.map((key) => key.fingerprint).sort();

  beforeAll(() => {
    // ct-win-1's known_hosts entry is an older key than the one it presents now.
    const up = ctha(
      'lab',
      'up',
      '--out',
      dir,
      '--linux',
      '1',
      '--windows',
      '1',
      '--fault',
      'ct-win-1:host-key-changed',
      '--address-base',
      '127.0.74.10',
      '--ready-delay-ms',
      '200',
    );
    if (up.status !== 0) throw new Error(`lab up failed: ${up.stderr}`);
    lab = labFile(dir);
    process.env['CTHA_HOSTKEYS_PASSWORD'] = lab.credentials.password;
  }, 120_000);
  afterAll(() => {
    if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
  }, 60_000);

  it('imports the keys of a known_hosts file, and a stale entry then shows as a changed key', () => {
    const imported = ctha('hostkeys', 'import', lab.projectPath, '--known-hosts', lab.knownHostsPath);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 host key(s) pinned');
    const linux = lab.hosts.find((host) => host.instance.name === 'ct-linux-1');
    expect(pinned(lab.projectPath)).toContain(linux?.hostKeyFingerprint);
    const run = ctha('check', lab.projectPath, '--json', '--password-env', 'CTHA_HOSTKEYS_PASSWORD');
    const results = (JSON.parse(run.stdout) as { results: PrecheckResult[] }).results;
    expect(results.find((r) => r.check === 'host-key' && r.instance === 'ct-linux-1')?.status).toBe('pass');
    expect(results.find((r) => r.check === 'host-key' && r.instance === 'ct-win-1')?.evidence).toContain('HOST KEY CHANGED');
    expect(run.status).toBe(2);
  }, 60_000);

  it('pins a fingerprint pasted from ssh-keygen -lf, and refuses MD5', () => {
    const project = join(dir, 'pasted.ctha.json');
    const original = JSON.parse(readFileSync(lab.projectPath, 'utf8')) as { hostKeys: unknown[] };
    writeFileSync(project, JSON.stringify({ ...original, hostKeys: [] }));
    const linux = lab.hosts.find((host) => host.instance.name === 'ct-linux-1');
    const pubFile = join(dir, 'host.pub');
    writeFileSync(pubFile, `${linux?.hostPublicKey ?? ''}\n`);
    const keygenLine = execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' }).trim();
    const pin = ctha('hostkeys', 'pin', project, '--instance', 'ct-linux-1', '--fingerprint', keygenLine);
    expect(pin.status, pin.stderr).toBe(0);
    expect(pinned(project)).toEqual([linux?.hostKeyFingerprint]);
    const md5 = ctha(
      'hostkeys',
      'pin',
      project,
      '--instance',
      'ct-linux-1',
      '--fingerprint',
      'MD5:12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0',
    );
    expect(md5.status).toBe(1);
    expect(md5.stderr).toMatch(/MD5/);
    expect(ctha('hostkeys', 'pin', project, '--instance', 'nope', '--fingerprint', keygenLine).status).toBe(1);
  }, 60_000);
});
