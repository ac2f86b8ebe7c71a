// The first command on a host: which OS and shell, and which privilege, in one round trip where the
// host allows it. One line that every shell reads harmlessly:
//   uname -s && timeout … sh -c '<privilege probes>' || powershell.exe … -EncodedCommand <Windows probe>
// sh: uname says Linux, the probes run, `||` is skipped. cmd.exe: uname is "not recognized", so
// `&&` skips the sh part and `||` runs PowerShell. PowerShell 5.1 as the default shell refuses `&&`
// as a parse error and runs nothing; then the PowerShell probe goes alone, a second round trip.
import type { ExecResult, SshSession } from '../../ssh/session/index.js';
import { boundedArgv } from '../linux/linux-commands.js';
import type { LinuxProbeStart, LinuxRootProbe } from '../linux/linux-privilege.js';
import { linuxProbeScript, parseLinuxProbe } from '../linux/linux-privilege.js';
import { encodedPowerShell } from '../quoting/encoded-powershell.js';
import { shCommand } from '../quoting/posix.js';
import { ADMINISTRATOR_CHECK } from '../windows/windows-privilege.js';
import { withDeadline } from './deadline.js';
import { HostError, stderrText } from './errors.js';
import type { HostDetection } from './types.js';
import { DEFAULT_HOST_TIMEOUT_MS } from './types.js';

// PowerShell as the customer's DefaultShell refuses an unknown program in its own words (cmd.exe says
// "is not recognized as an internal or external command").
const POWERSHELL_UNKNOWN = /is not recognized as the name of a cmdlet/;
// Windows PowerShell 5.1 has no `&&`: the whole line is a parse error.
const POWERSHELL_NO_AND = /The token '&&' is not a valid statement separator/;
// uname from Git for Windows, MSYS or Cygwin on a Windows PATH: a Windows host all the same.
const WINDOWS_UNAME = /^(MINGW|MSYS|CYGWIN)/;

/** The PowerShell probe: version, OS and, when asked, Administrators membership. */
export function windowsProbeScript(withPrivilege: boolean): string {
  const lines = [
    "Write-Output ('PS=' + $PSVersionTable.PSVersion.ToString())",
    "Write-Output ('OS=' + [Environment]::OSVersion.VersionString)",
  ];
  if (withPrivilege) lines.push(`Write-Output ('ADMIN=' + ${ADMINISTRATOR_CHECK})`);
  return lines.join('\n');
}

/** Options of probeHost. */
export interface ProbeHostOptions {
  readonly timeoutMs?: number;
  /** Also probe privilege (default true). */
  readonly privilege?: boolean;
  /**
   * The password to try with `sudo -S` in the same command. Only given when the project says the
   * host is Linux: the password never goes to a host before it is known to be the one expected.
   */
  readonly sudoPassword?: string;
}

/** What the first command found. */
export interface HostProbe {
  readonly detection: HostDetection;
  /** Linux: the privilege probe, finished or (sudo -S still to try) started; undefined when it did not run. */
  readonly linuxRoot?: LinuxRootProbe | LinuxProbeStart;
  /** Windows: Administrators membership, when probed. */
  readonly windowsAdmin?: { readonly admin: boolean; readonly detail: string };
  /** Remote commands it took (1, or 2 with PowerShell as the default shell or an MSYS uname). */
  readonly commands: number;
}

function lines(result: ExecResult): string[] {
  return result.stdout
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
}

function windowsAnswer(
  result: ExecResult,
  withPrivilege: boolean,
): { system: string; powershellVersion: string; admin?: { admin: boolean; detail: string } } | undefined {
  const out = lines(result);
  const system = out
    .find((line) => line.startsWith('OS='))
    ?.slice(3)
    .trim();
  const powershellVersion = out
    .find((line) => line.startsWith('PS='))
    ?.slice(3)
    .trim();
  if (!system?.startsWith('Microsoft Windows') || !powershellVersion) return undefined;
  const admin = out
    .find((line) => line.startsWith('ADMIN='))
    ?.slice(6)
    .trim();
  if (!withPrivilege || admin === undefined) return { system, powershellVersion };
  return { system, powershellVersion, admin: { admin: admin === 'True', detail: `WindowsPrincipal.IsInRole(Administrator): ${admin}` } };
}

/** Detects OS, shell and (by default) privilege, in one remote command wherever the host allows. */
export async function probeHost(session: SshSession, options: ProbeHostOptions = {}): Promise<HostProbe> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS;
  const withPrivilege = options.privilege !== false;
  const password =
    withPrivilege && options.sudoPassword !== undefined && !/[\r\n]/.test(options.sudoPassword) ? options.sudoPassword : undefined;
  const windowsProbe = encodedPowerShell(windowsProbeScript(withPrivilege));
  const linuxPart = withPrivilege ? ` && ${shCommand(boundedArgv(['sh', '-c', linuxProbeScript(password !== undefined)], timeoutMs))}` : '';
  // No host bound around the whole line: `timeout` is another program on Windows.
  const command = `uname -s${linuxPart} || ${windowsProbe}`;
  const exec = session.exec(command, {
    timeoutMs,
    hostBound: false,
    ...(password === undefined ? {} : { stdin: `${password}\n`, secretStdin: true }),
  });
  const first = await withDeadline(exec, timeoutMs, 'the OS probe');
  const out = lines(first);
  const said = `${first.stdout.toString('utf8')}${first.stderr.toString('utf8')}`;
  const uname = out[0]?.trim() ?? '';
  if (uname === 'Linux') {
    const linuxRoot = withPrivilege ? parseLinuxProbe(out, first.stderr.toString('utf8'), password) : undefined;
    return { detection: { os: 'linux', shell: 'posix-sh', system: 'Linux' }, ...(linuxRoot ? { linuxRoot } : {}), commands: 1 };
  }
  const windows = windowsAnswer(first, withPrivilege);
  const shell = POWERSHELL_UNKNOWN.test(said) ? 'powershell' : 'cmd';
  if (windows)
    return {
      detection: { os: 'windows', shell, system: windows.system, powershellVersion: windows.powershellVersion },
      ...(windows.admin ? { windowsAdmin: windows.admin } : {}),
      commands: 1,
    };
  const unameWorked = uname !== '' && !POWERSHELL_NO_AND.test(said) && /^[A-Za-z][\w.-]*$/.test(uname);
  if (unameWorked && !WINDOWS_UNAME.test(uname))
    throw new HostError('os-unsupported', `${session.target.instance} runs ${uname} (uname -s); only Linux and Windows are supported`);
  // PowerShell 5.1 as the default shell, or an MSYS uname that ran the sh part: ask PowerShell alone.
  const probe = await withDeadline(session.exec(windowsProbe, { timeoutMs, hostBound: false }), timeoutMs, 'the PowerShell probe');
  const second = windowsAnswer(probe, withPrivilege);
  if (probe.code === 0 && second) {
    const secondShell = POWERSHELL_NO_AND.test(said) ? 'powershell' : shell;
    return {
      detection: { os: 'windows', shell: secondShell, system: second.system, powershellVersion: second.powershellVersion },
      ...(second.admin ? { windowsAdmin: second.admin } : {}),
      commands: 2,
    };
  }
  throw new HostError(
    'os-undetected',
    `cannot tell what ${session.target.instance} runs: the probe gave exit ${first.code ?? 'none'} ${JSON.stringify(stderrText(said, 200))}; PowerShell gave exit ${probe.code ?? 'none'} ${JSON.stringify(stderrText(probe.stderr, 200))}`,
  );
}
