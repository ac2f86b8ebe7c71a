import { describe, expect, it } from 'vitest';
import { probeHost } from '../../../engine/hosts/dialect/host-probe.js';
import type { ExecOptions, ExecResult, SshSession } from '../../../engine/ssh/session/index.js';

// The first command's reading, for shells the lab does not run (PowerShell 5.1 as the default shell,
// Git's uname on a Windows PATH, BSD): a scripted session answers each command.
type Answer = Partial<Pick<ExecResult, 'code'>> & { stdout?: string; stderr?: string };

function scripted(answers: ((command: string) => Answer)[]): {
  session: SshSession;
  sent: { command: string; options: ExecOptions | undefined }[];
} {
  const sent: { command: string; options: ExecOptions | undefined }[] = [];
  const session = {
    target: { instance: 'ct-x', host: '127.0.110.1', port: 22, user: 'u', auth: { method: 'password' } },
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> => {
      sent.push({ command, options });
      const answer = answers[sent.length - 1]?.(command);
      if (!answer) return Promise.reject(new Error(`unexpected command ${sent.length}: ${command}`));
      return Promise.resolve({
        code: answer.code ?? 0,
        signal: null,
        stdout: Buffer.from(answer.stdout ?? ''),
        stderr: Buffer.from(answer.stderr ?? ''),
        durationMs: 1,
      });
    },
  } as unknown as SshSession;
  return { session, sent };
}

const WINDOWS_OUT = 'PS=5.1.20348.2582\r\nOS=Microsoft Windows NT 10.0.20348.0\r\nADMIN=True\r\n';

describe('probeHost: one command wherever the shell allows', () => {
  it('Linux: uname, uid and the sudo probes come back on marker lines; the password travels on stdin only', async () => {
    const { session, sent } = scripted([
      () => ({ stdout: 'Linux\nctha-probe\n1000\nctha-sudo-n=1\nctha-sudo-S=0\n', stderr: 'sudo: a password is required\n' }),
    ]);
    const probe = await probeHost(session, { sudoPassword: 'pw' });
    expect(probe).toMatchObject({
      detection: { os: 'linux', shell: 'posix-sh' },
      commands: 1,
      linuxRoot: { method: 'sudo-password', password: 'pw' },
    });
    expect(sent[0]?.options).toMatchObject({ stdin: 'pw\n', secretStdin: true, hostBound: false });
    expect(sent[0]?.command).not.toContain('pw');
  });

  it('Linux, sudo -S not tried (no password yet): the probe is only started; root and sudo -n are decided', async () => {
    const started = await probeHost(
      scripted([() => ({ stdout: 'Linux\nctha-probe\n1000\nctha-sudo-n=1\n', stderr: 'sudo: a password is required\n' })]).session,
    );
    expect(started.linuxRoot).toEqual({ uid: '1000', sudoN: { code: 1, stderr: 'sudo: a password is required' } });
    expect((await probeHost(scripted([() => ({ stdout: 'Linux\nctha-probe\n0\nctha-sudo-n=0\n' })]).session)).linuxRoot).toMatchObject({
      method: 'root',
    });
    expect((await probeHost(scripted([() => ({ stdout: 'Linux\nctha-probe\n1000\nctha-sudo-n=0\n' })]).session)).linuxRoot).toMatchObject({
      method: 'sudo',
    });
    // `timeout` missing or the sh part cut short: Linux all the same, privilege left to a later probe.
    const cut = await probeHost(
      scripted([() => ({ code: 127, stdout: 'Linux\n', stderr: 'sh: 1: timeout: not found\nsh: 1: powershell.exe: not found\n' })]).session,
    );
    expect(cut).toMatchObject({ detection: { os: 'linux' }, commands: 1 });
    expect(cut.linuxRoot).toBeUndefined();
  });

  it('cmd.exe: uname is not recognized, PowerShell answers after ||: Windows, its version and Administrators in one command', async () => {
    const probe = await probeHost(
      scripted([
        () => ({
          code: 0,
          stdout: WINDOWS_OUT,
          stderr: "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        }),
      ]).session,
    );
    expect(probe).toEqual({
      detection: { os: 'windows', shell: 'cmd', system: 'Microsoft Windows NT 10.0.20348.0', powershellVersion: '5.1.20348.2582' },
      windowsAdmin: { admin: true, detail: 'WindowsPrincipal.IsInRole(Administrator): True' },
      commands: 1,
    });
  });

  it('PowerShell 5.1 as the default shell refuses && and runs nothing: the PowerShell probe goes alone (2 commands)', async () => {
    const { session, sent } = scripted([
      () => ({
        code: 1,
        stderr: "At line:1 char:10\r\n+ uname -s && timeout ...\r\nThe token '&&' is not a valid statement separator in this version.\r\n",
      }),
      (command) => (command.startsWith('powershell.exe ') ? { stdout: WINDOWS_OUT } : { code: 1 }),
    ]);
    const probe = await probeHost(session);
    expect(probe).toMatchObject({ detection: { os: 'windows', shell: 'powershell' }, commands: 2, windowsAdmin: { admin: true } });
    expect(sent[1]?.command).toMatch(
      /^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/,
    );
  });

  it("Git's uname on a Windows PATH is Windows, confirmed by PowerShell; a BSD is unsupported; silence is undetected", async () => {
    const msys = scripted([() => ({ stdout: 'MINGW64_NT-10.0-20348\n' }), () => ({ stdout: WINDOWS_OUT })]);
    expect(await probeHost(msys.session)).toMatchObject({ detection: { os: 'windows', shell: 'cmd' }, commands: 2 });
    await expect(probeHost(scripted([() => ({ stdout: 'FreeBSD\nctha-probe\n1001\nctha-sudo-n=1\n' })]).session)).rejects.toMatchObject({
      code: 'os-unsupported',
      message: 'ct-x runs FreeBSD (uname -s); only Linux and Windows are supported',
    });
    await expect(
      probeHost(scripted([() => ({ code: 1, stderr: 'nothing' }), () => ({ code: 1, stderr: 'no' })]).session),
    ).rejects.toMatchObject({ code: 'os-undetected' });
  });

  it('privilege: false sends no sh part and no password', async () => {
    const { session, sent } = scripted([() => ({ stdout: 'Linux\n' })]);
    expect(await probeHost(session, { privilege: false, sudoPassword: 'pw' })).toEqual({
      detection: { os: 'linux', shell: 'posix-sh', system: 'Linux' },
      commands: 1,
    });
    expect(sent[0]?.command).toMatch(/^uname -s \|\| powershell\.exe /);
    expect(sent[0]?.options?.stdin).toBeUndefined();
  });
});
