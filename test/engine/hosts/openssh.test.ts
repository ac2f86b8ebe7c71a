import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDialect } from '../../../engine/hosts/dialect/index.js';
import type { HostDialect } from '../../../engine/hosts/dialect/index.js';
import type { LinuxDialect } from '../../../engine/hosts/linux/linux-dialect.js';
import { SafeWriteError, writeFileSafely } from '../../../engine/hosts/safe-write/index.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import type { MemoryTranscript } from '../../../engine/ssh/transcript/memory-transcript.js';
import { hostPathToLocal } from '../../../lab/host-paths.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import type { LabInstance } from '../../../lab/spec.js';
import { hostTreeLayout } from '../../../lab/trees/tree-layout.js';
import { sessionDeps } from './helpers.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

// The Linux dialect and safe writes against Debian's real sshd, sudo, coreutils and the lab's
// systemctl stand-in driving the Feed Service simulator (127.0.63.x).
const skip = opensshUnavailableReason();
const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);
const sha = (bytes: Buffer): string => spawnSync('sha256sum', { input: bytes, encoding: 'utf8' }).stdout.slice(0, 64);

describe.skipIf(skip !== undefined)(title('host dialect against a real OpenSSH lab host'), () => {
  let testLab: TestLab | undefined;
  let lab: LabFile;
  let instance: LabInstance;
  let session: SshSession;
  let transcript: MemoryTranscript;
  let dialect: HostDialect;
  const local = (hostPath: string): string => hostPathToLocal(instance, hostPath);

  beforeAll(async () => {
    testLab = startLab('127.0.63.10', ['--linux', '1', '--windows', '0', '--backend', 'openssh']);
    lab = testLab.file;
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    instance = host.instance;
    const deps = sessionDeps(lab.credentials.password, host.hostPublicKey);
    transcript = deps.transcript;
    session = await openSession(
      { instance: instance.name, host: instance.address, port: 22, user: lab.credentials.user, auth: { method: 'password' } },
      deps.deps,
    );
    dialect = await openDialect(session, { expectedOs: 'linux' });
  }, 300_000);

  afterAll(async () => {
    await session?.close();
    testLab?.down();
  }, 60_000);

  it('detects Linux and sudo with the password (sudo -n refused); the password never reaches the transcript', async () => {
    expect(dialect.detection).toEqual({ os: 'linux', shell: 'posix-sh', system: 'Linux' });
    const report = await dialect.detectPrivilege('sudo-password');
    expect(report).toMatchObject({ detected: 'sudo-password', matches: true });
    expect(report.detail).toMatch(/^uid 64123; sudo -n true: exit 1 /);
    expect((await (dialect as LinuxDialect).privileged(['id', '-u'])).stdout.toString()).toBe('0\n');
    expect(JSON.stringify(transcript)).not.toContain(lab.credentials.password);
  });

  it('reads, lists and digests files; a 0600 root file is read through sudo', async () => {
    const layout = hostTreeLayout(instance);
    const conf = readFileSync(local(layout.serviceConf));
    expect((await dialect.readFile(layout.serviceConf)).equals(conf)).toBe(true);
    expect(await dialect.sha256(layout.serviceConf)).toBe(sha(conf));
    expect((await dialect.listDir('/opt/kaspersky/ktfs/etc')).map((entry) => entry.name)).toContain('kl_feed_service.conf');
    const key = readFileSync(local(layout.webKey));
    expect(await dialect.fileFacts(layout.webKey)).toEqual({ mode: 0o600, uid: 0, gid: 0, size: key.length });
    expect((await dialect.readFile(layout.webKey)).equals(key)).toBe(true);
    expect(await dialect.sha256(layout.webKey)).toBe(sha(key));
  });

  it('controls cybertrace.service through systemctl: stop, start, status, idempotent', async () => {
    expect(await dialect.detectService()).toMatchObject({ method: 'systemctl' });
    const service = await dialect.serviceController();
    expect((await service.status()).state).toBe('active');
    expect(await service.stop()).toMatchObject({ outcome: 'changed', state: 'inactive' });
    expect(await service.stop()).toMatchObject({ outcome: 'already' });
    expect(await service.start({ timeoutMs: 60_000 })).toMatchObject({ outcome: 'changed', state: 'active' });
    expect(await service.start()).toMatchObject({ outcome: 'already', state: 'active' });
  }, 90_000);

  it('writes a root-owned 0640 file safely with real sudo and coreutils: bytes, mode, owner and backup', async () => {
    const path = '/opt/kaspersky/ktfs/etc/ctha-test.conf';
    writeFileSync(local(path), 'old\n');
    chmodSync(local(path), 0o640);
    const result = await writeFileSafely(dialect, path, Buffer.from('new\r\nbytes\n'), { expectedSha256: sha(Buffer.from('old\n')) });
    expect(readFileSync(local(path), 'utf8')).toBe('new\r\nbytes\n');
    expect(statSync(local(path)).mode & 0o777).toBe(0o640);
    expect(statSync(local(path)).uid).toBe(0);
    expect(readFileSync(local(result.backupPath ?? ''), 'utf8')).toBe('old\n');
    expect(statSync(local(result.backupPath ?? '')).mode & 0o777).toBe(0o640);
    expect(readdirSync(local('/opt/kaspersky/ktfs/etc')).filter((name) => name.includes('ctha-new'))).toEqual([]);
    expect(JSON.stringify(transcript)).not.toContain(lab.credentials.password);
  });

  it('refuses a stale plan, and writes a hostile file name without running anything from it', async () => {
    const stale = await writeFileSafely(dialect, '/opt/kaspersky/ktfs/etc/kl_feed_util.conf', Buffer.from('x'), {
      expectedSha256: '0'.repeat(64),
    }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(SafeWriteError);
    expect(stale).toMatchObject({ step: 'stale', original: 'untouched' });
    const hostile = `/opt/kaspersky/ktfs/etc/it's a "conf" $(touch pwned); rm -rf x & \`id\`.conf`;
    writeFileSync(local(hostile), 'old\n');
    await writeFileSafely(dialect, hostile, Buffer.from('new\n'));
    expect(readFileSync(local(hostile), 'utf8')).toBe('new\n');
    expect(readdirSync(local('/opt/kaspersky/ktfs/etc'))).not.toContain('pwned');
  });

  it('a command that outlives its bound is ended on the host by timeout (exit 124)', async () => {
    const started = Date.now();
    const result = await (dialect as LinuxDialect).commands.run(['sleep', '30'], { timeoutMs: 2_500 });
    expect(result.code).toBe(124);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
