// readServiceVersion's failure paths on stand-in sessions (the lab answers -v well; these are the answers
// it never gives): each is unknown with its reason, and only a lost connection fails discovery.
import { describe, expect, it } from 'vitest';
import { readServiceVersion } from '../../../engine/cybertrace/discovery/service-version.js';
import { LinuxDialect } from '../../../engine/hosts/linux/linux-dialect.js';
import { WindowsDialect } from '../../../engine/hosts/windows/windows-dialect.js';
import type { ExecOptions, SshSession } from '../../../engine/ssh/session/index.js';
import { SessionError } from '../../../engine/ssh/session/index.js';

type Answer = { code: number; stdout?: string; stderr?: string } | { error: 'output-too-large' | 'timeout' | 'connection-lost' };

/** A session whose every exec gets `answer`; records the commands and their options. */
function stub(answer: Answer): { session: SshSession; sent: { command: string; options: ExecOptions | undefined }[] } {
  const sent: { command: string; options: ExecOptions | undefined }[] = [];
  const session = {
    target: { instance: 'stand-in' },
    exec: (command: string, options?: ExecOptions) => {
      sent.push({ command, options });
      if ('error' in answer)
        return Promise.reject(
          new SessionError({ code: answer.error, message: `${answer.error}: exec`, instance: 'stand-in', target: '127.0.203.1:22' }),
        );
      return Promise.resolve({
        code: answer.code,
        signal: null,
        stdout: Buffer.from(answer.stdout ?? ''),
        stderr: Buffer.from(answer.stderr ?? ''),
        durationMs: 1,
      });
    },
  } as unknown as SshSession;
  return { session, sent };
}

const linux = (answer: Answer) => {
  const { session, sent } = stub(answer);
  return { dialect: new LinuxDialect(session, { os: 'linux', shell: 'posix-sh', system: 'Linux' }), sent };
};
const windows = (answer: Answer) => {
  const { session, sent } = stub(answer);
  return { dialect: new WindowsDialect(session, { os: 'windows', shell: 'cmd', system: 'Microsoft Windows NT 10.0.20348.0' }), sent };
};

describe('readServiceVersion', () => {
  it('runs the binary with -v, bounded in time and output, and keeps the line it read', async () => {
    const { dialect, sent } = linux({ code: 0, stdout: 'Kaspersky CyberTrace 4.2.0.1234\n' });
    expect(await readServiceVersion(dialect, '/opt/kaspersky/ktfs')).toEqual({
      value: '4.2.0.1234',
      evidence: '/opt/kaspersky/ktfs/bin/kl_feed_service -v: "Kaspersky CyberTrace 4.2.0.1234"',
    });
    expect(sent[0]?.command).toBe("timeout '--kill-after=5' 14 /opt/kaspersky/ktfs/bin/kl_feed_service -v");
    expect(sent[0]?.options?.maxOutputBytes).toBe(16 * 1024);
  });

  it('a non-zero exit is unknown even when a number was printed, with the exit and the first line', async () => {
    const { dialect } = linux({
      code: 127,
      stderr: "timeout: failed to run command '/srv/ct/bin/kl_feed_service': No such file or directory 2.0\n",
    });
    expect(await readServiceVersion(dialect, '/srv/ct')).toEqual({
      evidence:
        'unknown: /srv/ct/bin/kl_feed_service -v exited 127 ("timeout: failed to run command \'/srv/ct/bin/kl_feed_service\': No such file or directory 2.0")',
    });
  });

  it('no dotted number, too much output, no answer in time: unknown with that reason', async () => {
    expect(
      (await readServiceVersion(linux({ code: 0, stdout: 'usage: kl_feed_service [-c] [-w] [-v]\n' }).dialect, '/opt/kaspersky/ktfs'))
        .evidence,
    ).toBe('unknown: /opt/kaspersky/ktfs/bin/kl_feed_service -v printed no dotted version number');
    expect((await readServiceVersion(linux({ error: 'output-too-large' }).dialect, '/opt/kaspersky/ktfs')).evidence).toBe(
      'unknown: /opt/kaspersky/ktfs/bin/kl_feed_service -v printed more than 16384 bytes',
    );
    expect((await readServiceVersion(windows({ error: 'timeout' }).dialect, 'C:\\CT')).evidence).toBe(
      'unknown: C:\\CT\\bin\\kl_feed_service.exe -v gave no answer within 15 s',
    );
  });

  it('a lost connection is not a version finding: it fails discovery like every host failure', async () => {
    await expect(readServiceVersion(linux({ error: 'connection-lost' }).dialect, '/opt/kaspersky/ktfs')).rejects.toMatchObject({
      code: 'connection-lost',
    });
  });

  it('Windows: the .exe through PowerShell; a folder PowerShell would not pass on unchanged is not run at all', async () => {
    const { dialect, sent } = windows({ code: 0, stdout: 'CyberTrace 5.1\r\n' });
    expect((await readServiceVersion(dialect, 'C:\\CT')).value).toBe('5.1');
    const script = Buffer.from(/-EncodedCommand (\S+)/.exec(sent[0]?.command ?? '')?.[1] ?? '', 'base64').toString('utf16le');
    expect(script).toContain("& 'C:\\CT\\bin\\kl_feed_service.exe' '-v'; exit $LASTEXITCODE");
    const odd = windows({ code: 0, stdout: '5.1' });
    expect((await readServiceVersion(odd.dialect, 'C:\\100%\\CT')).evidence).toMatch(
      /^unknown: C:\\100%\\CT\\bin\\kl_feed_service\.exe -v was not run: /,
    );
    expect(odd.sent).toEqual([]);
  });
});
