import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import { ctha } from '../../support/ctha.js';
import { labFile } from '../../support/lab.js';

// Two OpenSSH labs at once (127.0.118.100 and .120): each host's service tree lives in a /opt private
// to its namespace, so one lab going down cannot detach the other's tree, and neither creates
// anything on the machine's /opt.
const skip = opensshUnavailableReason();

function sshHead(dir: string, address: string): { status: number | null; stdout: string; stderr: string } {
  const lab = labFile(dir);
  return spawnSync(
    'ssh',
    [
      '-F',
      '/dev/null',
      '-i',
      lab.credentials.privateKeyPath,
      '-o',
      'BatchMode=yes',
      '-o',
      `UserKnownHostsFile=${lab.knownHostsPath}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'ConnectTimeout=10',
      `${lab.credentials.user}@${address}`,
      'head -c 5 /opt/kaspersky/ktfs/etc/kl_feed_service.conf; ls /opt',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
}

describe.skipIf(skip !== undefined)(`two OpenSSH labs at once${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const parent = mkdtempSync(join(tmpdir(), 'ctha-two-labs-'));
  chmodSync(parent, 0o755);
  const first = join(parent, 'first');
  const second = join(parent, 'second');
  afterAll(() => {
    for (const dir of [first, second]) if (existsSync(join(dir, 'lab.json'))) ctha('lab', 'down', dir);
    rmSync(parent, { recursive: true, force: true });
  }, 120_000);

  it("the first lab going down leaves the second one's service tree in place", () => {
    const machineOptBefore = spawnSync('ls', ['-a', '/opt'], { encoding: 'utf8' }).stdout;
    for (const [dir, base] of [
      [first, '127.0.118.100'],
      [second, '127.0.118.120'],
    ] as const) {
      const up = ctha(
        'lab',
        'up',
        '--out',
        dir,
        '--linux',
        '1',
        '--windows',
        '0',
        '--backend',
        'openssh',
        '--address-base',
        base,
        '--ready-delay-ms',
        '100',
        '--drift',
        'none',
      );
      expect(up.status, `${up.stdout}${up.stderr}`).toBe(0);
    }
    expect(sshHead(second, '127.0.118.121').stdout).toMatch(/^<\?xml/);
    // In the host's namespace /opt is the lab's own tmpfs: no mount of it sits on a folder of the
    // machine's /opt that someone else could remove (which would detach it, Linux >= 3.18).
    const host = labFile(second).hosts[0];
    const pid = readFileSync(join(host?.instance.stateDir ?? '', 'sshd.pid'), 'utf8').trim();
    const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n');
    expect(mounts.some((line) => / \/opt .* - tmpfs ctha-lab-top /.test(line))).toBe(true);
    expect(mounts.some((line) => line.includes(' /opt/kaspersky/ktfs '))).toBe(true);
    expect(ctha('lab', 'down', first).status).toBe(0);
    const after = sshHead(second, '127.0.118.121');
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^<\?xml/);
    // The host sees the machine's /opt entries (bind-mounted back) next to its own kaspersky folder.
    expect(after.stdout).toContain('kaspersky');
    expect(ctha('lab', 'down', second).status).toBe(0);
    // Nothing was created on the machine's /opt by either lab.
    expect(spawnSync('ls', ['-a', '/opt'], { encoding: 'utf8' }).stdout).toBe(machineOptBefore);
  }, 240_000);
});
