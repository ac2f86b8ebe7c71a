import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import { openSession } from '../../../engine/ssh/session/index.js';
import { opensshUnavailableReason } from '../../../lab/openssh/preflight.js';
import type { LabFile } from '../../../lab/orchestrator/lab-file.js';
import type { Auth } from '../../../shared/project/schema.js';
import { password, rawPublicKey, testDeps } from './helpers.js';
import type { TestLab } from '../../support/lab.js';
import { startLab } from '../../support/lab.js';

// The same session code against Debian's real sshd (PAM, MaxSessions 10, real sudo).
const skip = opensshUnavailableReason();
const title = (name: string): string => (skip ? `${name} (skipped: ${skip})` : name);

describe.skipIf(skip !== undefined)(title('session against a real OpenSSH lab host'), () => {
  let testLab: TestLab | undefined;
  let lab: LabFile;
  let address = '';
  let hostKey: Buffer;
  const sessions: SshSession[] = [];

  const open = async (auth: Auth, answers = [password(lab.credentials.password)], overrides = {}) => {
    const t = testDeps({ answers, verify: (key) => Promise.resolve(key.equals(hostKey)), overrides });
    const session = await openSession({ instance: 'ct-linux-1', host: address, port: 22, user: lab.credentials.user, auth }, t.deps);
    sessions.push(session);
    return { session, ...t };
  };

  beforeAll(() => {
    testLab = startLab('127.0.61.10', ['--linux', '1', '--windows', '0', '--backend', 'openssh']);
    lab = testLab.file;
    const host = lab.hosts[0];
    if (!host) throw new Error('the lab has no host');
    address = host.instance.address;
    hostKey = rawPublicKey(host.hostPublicKey);
  }, 300_000);

  afterAll(async () => {
    for (const session of sessions) await session.close();
    testLab?.down();
  }, 60_000);

  it('password, keyboard-interactive (PAM) and key logins; a wrong password names the login', async () => {
    const byPassword = await open({ method: 'password' });
    expect((await byPassword.session.exec('id -un')).stdout.toString()).toBe(`${lab.credentials.user}\n`);
    const byKeyboard = await open({ method: 'keyboard-interactive' });
    expect(byKeyboard.session.loginPassword()).toBe(lab.credentials.password);
    const byKey = await open({ method: 'key', keyPath: lab.credentials.privateKeyPath }, []);
    expect(byKey.asked).toEqual([]);
    expect((await byKey.session.exec('id -un')).code).toBe(0);
    await expect(open({ method: 'password' }, [password('definitely-wrong')])).rejects.toMatchObject({
      code: 'auth-failed',
      message: `authentication failed for ${lab.credentials.user}@${address}:22 (methods tried: password)`,
    });
  });

  it("a host key other than the lab's is refused before authentication", async () => {
    const t = testDeps({ answers: [password(lab.credentials.password)], verify: () => Promise.resolve(false) });
    await expect(
      openSession({ instance: 'ct-linux-1', host: address, port: 22, user: lab.credentials.user, auth: { method: 'password' } }, t.deps),
    ).rejects.toMatchObject({ code: 'host-key-rejected' });
    expect(t.asked).toEqual([]);
  });

  it('1,000 execs on one connection, at most 3 channels, none leaked; sshd still accepts new channels', async () => {
    const { session } = await open({ method: 'password' });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => session.exec(`echo ${i}`)));
    expect(results.every((result, i) => result.code === 0 && result.stdout.toString() === `${i}\n`)).toBe(true);
    expect(session.stats()).toMatchObject({ open: 0, peak: 3, waiting: 0, opened: 1000, closed: 1000 });
    // Three execs and the SFTP channel together on the same connection.
    const again = await Promise.all([
      session.exec('true'),
      session.exec('true'),
      session.exec('true'),
      session.readFile('/opt/kaspersky/ktfs/etc/kl_feed_service.conf'),
    ]);
    expect(again.slice(0, 3).map((result) => (result as { code: number }).code)).toEqual([0, 0, 0]);
    // And a second connection may use all of sshd's MaxSessions (10) at once.
    const wide = await open({ method: 'password' }, undefined, { maxChannels: 10 });
    const parallel = await Promise.all(Array.from({ length: 10 }, () => wide.session.exec('sleep 0.3; echo ok')));
    expect(parallel.map((result) => result.stdout.toString())).toEqual(Array(10).fill('ok\n'));
    expect(wide.session.stats()).toMatchObject({ peak: 10, retries: 0, open: 0 });
  }, 120_000);

  it("sudo with the session's password on stdin; SFTP in the home folder; permission denied in the service tree", async () => {
    const { session, transcript } = await open({ method: 'password' });
    const sudo = await session.exec("sudo -S -p '' -- cat /opt/kaspersky/ktfs/etc/kl_feed_service.conf", {
      stdin: `${session.loginPassword() ?? ''}\n`,
      secretStdin: true,
    });
    expect(sudo.code).toBe(0);
    expect(sudo.stdout.toString()).toContain('<?xml');
    await session.writeFile('ctha-session.txt', 'one', { mode: 0o600 });
    await session.writeFile('ctha-session.new', 'two');
    expect(await session.rename('ctha-session.new', 'ctha-session.txt')).toBe('posix-rename');
    expect((await session.readFile('ctha-session.txt')).toString()).toBe('two');
    expect((await session.readdir('.')).map((entry) => entry.name)).toContain('ctha-session.txt');
    await session.unlink('ctha-session.txt');
    await expect(session.writeFile('/opt/kaspersky/ktfs/etc/kl_feed_service.conf', 'x')).rejects.toMatchObject({
      code: 'sftp',
      message: 'sftp write /opt/kaspersky/ktfs/etc/kl_feed_service.conf: permission denied',
    });
    expect(JSON.stringify(transcript)).not.toContain(lab.credentials.password);
  });

  it('the host-side bound (timeout --kill-after) ends a long command first; without it the session bound fires', async () => {
    // The host layer would supply this; here the host bound is one second shorter than the session's.
    const boundCommand = (command: string, ms: number): string => `timeout --kill-after=5 ${Math.ceil(ms / 1000) - 1} sh -c '${command}'`;
    const { session, transcript } = await open({ method: 'password' }, undefined, { boundCommand });
    const bounded = await session.exec('sleep 30', { timeoutMs: 3_000 });
    expect(bounded.code).toBe(124);
    expect(transcript.entries().at(-1)).toMatchObject({ command: "timeout --kill-after=5 2 sh -c 'sleep 30'", exitCode: 124 });
    await expect(session.exec('sleep 30', { timeoutMs: 500, hostBound: false })).rejects.toMatchObject({
      code: 'timeout',
      message: 'timeout: exec did not finish within 0.5 s: sleep 30',
    });
    await expect.poll(() => session.stats().open, { timeout: 6_000 }).toBe(0);
    expect((await session.exec('echo alive')).stdout.toString()).toBe('alive\n');
  }, 30_000);
});
