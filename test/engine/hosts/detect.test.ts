import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostError, detectHost, openDialect } from '../../../engine/hosts/dialect/index.js';
import { LinuxDialect } from '../../../engine/hosts/linux/linux-dialect.js';
import { WindowsDialect } from '../../../engine/hosts/windows/windows-dialect.js';
import type { SshSession } from '../../../engine/ssh/session/index.js';
import type { Auth } from '../../../shared/project/schema.js';
import { PASSWORD, USER_KEY, openTo, startHost } from './helpers.js';
import type { TestHost } from './helpers.js';

// OS, shell and privilege detection on emulated hosts (127.0.62.1x).
const hosts: TestHost[] = [];
const sessions: SshSession[] = [];
const keyDir = mkdtempSync(join(tmpdir(), 'ctha-hosts-key-'));

async function session(test: TestHost, auth?: Auth) {
  const opened = await openTo(test, auth ? { auth } : {});
  sessions.push(opened.session);
  return opened;
}

async function host(options: Parameters<typeof startHost>[0]): Promise<TestHost> {
  const started = await startHost(options);
  hosts.push(started);
  return started;
}

afterAll(async () => {
  for (const open of sessions) await open.close();
  for (const started of hosts) await started.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('OS detection', () => {
  it('a Linux host answers uname -s; its dialect is Linux and matches the project', async () => {
    const { session: linux, transcript } = await session(await host({ os: 'linux', address: '127.0.62.11' }));
    expect(await detectHost(linux)).toEqual({ os: 'linux', shell: 'posix-sh', system: 'Linux' });
    const dialect = await openDialect(linux, { expectedOs: 'linux' });
    expect(dialect).toBeInstanceOf(LinuxDialect);
    expect(dialect.os).toBe('linux');
    // One command each. The line is not wrapped in `timeout` (on Windows that word is another program):
    // only the sh part after `uname -s &&` is, and the PowerShell probe follows `||` for cmd.exe.
    const sent = transcript
      .entries()
      .filter((entry) => entry.kind === 'exec')
      .map((entry) => entry.command ?? '');
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(
      /^uname -s \|\| powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/,
    );
    expect(sent[1]).toMatch(
      /^uname -s && timeout '--kill-after=5' 29 sh -c 'echo ctha-probe; id -u; if sudo -n true; .*' \|\| powershell\.exe .* -EncodedCommand [A-Za-z0-9+/=]+$/,
    );
    // cmd.exe parses the whole line before skipping the sh part: it must hold nothing cmd.exe acts on.
    expect((sent[1] ?? '').replace(/&&|\|\|/g, '')).not.toMatch(/[&|<>()^%"]/);
  });

  it('a Windows host (cmd.exe default shell) refuses uname, and PowerShell confirms Windows', async () => {
    const { session: windows } = await session(await host({ os: 'windows', address: '127.0.62.12' }));
    expect(await detectHost(windows)).toEqual({
      os: 'windows',
      shell: 'cmd',
      system: 'Microsoft Windows NT 10.0.20348.0',
      powershellVersion: '5.1.20348.2582',
    });
    expect(await openDialect(windows, { expectedOs: 'windows' })).toBeInstanceOf(WindowsDialect);
  });

  it('a project that says windows for a Linux host (and the reverse) gets os-mismatch', async () => {
    const { session: linux } = await session(await host({ os: 'linux', address: '127.0.62.13' }));
    await expect(openDialect(linux, { expectedOs: 'windows' })).rejects.toMatchObject({
      name: 'HostError',
      code: 'os-mismatch',
      message: 'ct-linux-1: the project says windows, but the host runs linux (Linux)',
    });
    const { session: windows } = await session(await host({ os: 'windows', address: '127.0.62.14' }));
    const error: unknown = await openDialect(windows, { expectedOs: 'linux' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({
      code: 'os-mismatch',
      message: 'CT-WIN-1: the project says linux, but the host runs windows (Microsoft Windows NT 10.0.20348.0)',
    });
  });
});

describe('privilege detection', () => {
  it('emulated Linux default: sudo needs the password; it goes on stdin, never in a command or the transcript', async () => {
    const { session: linux, transcript } = await session(await host({ os: 'linux', address: '127.0.62.15' }));
    // The project says linux: the login password is tried with sudo -S inside the OS probe itself.
    const dialect = await openDialect(linux, { expectedOs: 'linux' });
    const report = await dialect.detectPrivilege('sudo-password');
    expect(report).toMatchObject({ detected: 'sudo-password', declared: 'sudo-password', matches: true });
    expect(report.detail).toContain('uid 1000; sudo -n true: exit 1 sudo: a password is required');
    // A later privileged command uses the detected method.
    const root = await (dialect as LinuxDialect).privileged(['id', '-u']);
    expect(root.stdout.toString()).toBe('0\n');
    const execs = transcript.entries().filter((entry) => entry.kind === 'exec');
    expect(execs).toHaveLength(2);
    expect(execs[0]?.command).toContain("if sudo -S -p '\\'''\\'' true; then echo ctha-sudo-S=0;");
    // shQuote quotes the `=` of --kill-after; the host bound is one second inside the 30 s default.
    expect(execs[1]?.command).toBe("timeout '--kill-after=5' 29 sudo -S -p '' -- id -u");
    expect(execs.every((entry) => entry.secretStdin === true)).toBe(true);
    expect(JSON.stringify(transcript)).not.toContain(PASSWORD);
  });

  it('no expected OS: the password is not sent before the host is known to be Linux; sudo -S alone follows', async () => {
    const { session: linux, transcript } = await session(await host({ os: 'linux', address: '127.0.62.21' }));
    const dialect = await openDialect(linux);
    expect(
      transcript
        .entries()
        .filter((entry) => entry.kind === 'exec')
        .map((entry) => entry.secretStdin ?? false),
    ).toEqual([false]);
    expect(await dialect.detectPrivilege('sudo-password')).toMatchObject({
      detected: 'sudo-password',
      detail: expect.stringContaining('uid 1000; sudo -n true: exit 1 sudo: a password is required'),
    });
    const commands = transcript
      .entries()
      .filter((entry) => entry.kind === 'exec')
      .map((entry) => entry.command);
    expect(commands.slice(1)).toEqual(["timeout '--kill-after=5' 29 sudo -S -p '' true"]);
  });

  it('probePrivilege: false keeps the first command to OS detection; privilege is probed on demand', async () => {
    const { session: linux, transcript } = await session(await host({ os: 'linux', address: '127.0.62.22' }));
    const dialect = await openDialect(linux, { expectedOs: 'linux', probePrivilege: false });
    expect(await dialect.detectPrivilege()).toMatchObject({ detected: 'sudo-password' });
    const commands = transcript
      .entries()
      .filter((entry) => entry.kind === 'exec')
      .map((entry) => entry.command ?? '');
    expect(commands[0]).toMatch(/^uname -s \|\| powershell/);
    expect(commands.slice(1)).toEqual([
      "timeout '--kill-after=5' 29 id -u",
      "timeout '--kill-after=5' 29 sudo -n true",
      "timeout '--kill-after=5' 29 sudo -S -p '' true",
    ]);
  });

  it("emulated Linux with sudo 'nopasswd': sudo -n works; a project saying sudo-password does not match", async () => {
    const { session: linux } = await session(await host({ os: 'linux', address: '127.0.62.16', sudo: 'nopasswd' }));
    const dialect = (await openDialect(linux)) as LinuxDialect;
    expect(await dialect.detectPrivilege('sudo-password')).toMatchObject({ detected: 'sudo', declared: 'sudo-password', matches: false });
    expect((await dialect.privileged(['id', '-u'])).stdout.toString()).toBe('0\n');
  });

  it('a key login has no password for sudo -S: privilege none, and privileged commands refuse with a reason', async () => {
    const test = await host({ os: 'linux', address: '127.0.62.17' });
    const keyPath = join(keyDir, 'id_ed25519');
    writeFileSync(keyPath, USER_KEY.private);
    chmodSync(keyPath, 0o600);
    const { session: byKey } = await session(test, { method: 'key', keyPath });
    const dialect = (await openDialect(byKey)) as LinuxDialect;
    const report = await dialect.detectPrivilege('sudo-password');
    expect(report).toMatchObject({ detected: 'none', matches: false });
    expect(report.detail).toContain('no password is known for sudo -S (key or agent login)');
    await expect(dialect.privileged(['id', '-u'])).rejects.toMatchObject({ code: 'privilege-unavailable', reason: 'privilege' });
  });

  it('a sudo password other than the login password can be supplied (e.g. from a sudo prompt)', async () => {
    const { session: linux } = await session(await host({ os: 'linux', address: '127.0.62.18' }));
    const wrong = await openDialect(linux, { sudoPassword: () => Promise.resolve('not-the-password') });
    const report = await wrong.detectPrivilege();
    expect(report).toMatchObject({ detected: 'none', declared: undefined, matches: undefined });
    expect(report.detail).toContain('sudo -S with the password: exit 1');
    const right = await openDialect(linux, { sudoPassword: () => Promise.resolve(PASSWORD) });
    expect((await right.detectPrivilege()).detected).toBe('sudo-password');
  });

  it('Windows: Administrators membership through WindowsPrincipal.IsInRole', async () => {
    const { session: windows, transcript } = await session(await host({ os: 'windows', address: '127.0.62.19' }));
    const dialect = await openDialect(windows);
    expect(await dialect.detectPrivilege('administrator')).toEqual({
      detected: 'administrator',
      declared: 'administrator',
      matches: true,
      detail: 'WindowsPrincipal.IsInRole(Administrator): True',
    });
    // cmd.exe ran the PowerShell probe after `||`: OS, version and membership in one command.
    expect(transcript.entries().filter((entry) => entry.kind === 'exec')).toHaveLength(1);
    const unprobed = await openDialect(windows, { probePrivilege: false });
    expect((await unprobed.detectPrivilege()).detected).toBe('administrator');
    expect(transcript.entries().filter((entry) => entry.kind === 'exec')).toHaveLength(3);
  });
});

describe('host-side bounds', () => {
  it('dialect commands carry their own `timeout` and are never wrapped again by SessionDeps.boundCommand', async () => {
    const test = await host({ os: 'linux', address: '127.0.62.20' });
    // A boundCommand that would break any command it wrapped: the dialect must bypass it (hostBound: false).
    const opened = await openTo(test, { overrides: { boundCommand: (command) => `false && ${command}` } });
    sessions.push(opened.session);
    const dialect = await openDialect(opened.session, { timeoutMs: 5_000 });
    expect(await dialect.sha256(test.layout.serviceConf)).toMatch(/^[0-9a-f]{64}$/);
    const sent = opened.transcript
      .entries()
      .filter((entry) => entry.kind === 'exec')
      .map((entry) => entry.command);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^uname -s && timeout '--kill-after=5' 4 sh -c /);
    expect(sent[1]).toBe(`timeout '--kill-after=5' 4 sha256sum -- ${test.layout.serviceConf}`);
  });
});
