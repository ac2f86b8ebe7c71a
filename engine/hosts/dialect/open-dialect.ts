// Detects the host's OS and shell with probes that are harmless on both, then builds its dialect.
import type { SshSession } from '../../ssh/session/index.js';
import { LinuxDialect } from '../linux/linux-dialect.js';
import { encodedPowerShell } from '../quoting/encoded-powershell.js';
import { WindowsDialect } from '../windows/windows-dialect.js';
import { withDeadline } from './deadline.js';
import { HostError, stderrText } from './errors.js';
import type { DialectOptions, HostDetection, HostDialect, HostOs } from './types.js';
import { DEFAULT_HOST_TIMEOUT_MS } from './types.js';

// PowerShell as the customer's DefaultShell refuses an unknown program in its own words (cmd.exe says
// "is not recognized as an internal or external command").
const POWERSHELL_UNKNOWN = /is not recognized as the name of a cmdlet/;
// uname from Git for Windows, MSYS or Cygwin on a Windows PATH: a Windows host all the same.
const WINDOWS_UNAME = /^(MINGW|MSYS|CYGWIN)/;
const WINDOWS_PROBE = "Write-Output ('PS=' + $PSVersionTable.PSVersion.ToString())\nWrite-Output ('OS=' + [Environment]::OSVersion.VersionString)";

/**
 * First `uname -s` (sh answers `Linux`; cmd.exe and PowerShell say "not recognized"), then, unless it
 * was Linux, PowerShell itself must confirm Windows. No host bound here: `timeout` means something
 * else on Windows; the session's own bound applies.
 */
export async function detectHost(session: SshSession, options: { timeoutMs?: number } = {}): Promise<HostDetection> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS;
  const uname = await withDeadline(session.exec('uname -s', { timeoutMs, hostBound: false }), timeoutMs, 'uname -s');
  const said = `${uname.stdout.toString('utf8')}${uname.stderr.toString('utf8')}`;
  const system = uname.stdout.toString('utf8').trim();
  if (uname.code === 0 && system === 'Linux') return { os: 'linux', shell: 'posix-sh', system };
  if (uname.code === 0 && !WINDOWS_UNAME.test(system)) throw new HostError('os-unsupported', `${session.target.instance} runs ${system || 'an unknown system'} (uname -s); only Linux and Windows are supported`);
  const shell = POWERSHELL_UNKNOWN.test(said) ? 'powershell' : 'cmd';
  const probe = await withDeadline(session.exec(encodedPowerShell(WINDOWS_PROBE), { timeoutMs, hostBound: false }), timeoutMs, 'the PowerShell probe');
  const lines = probe.stdout.toString('utf8').split(/\r?\n/);
  const version = lines.find((line) => line.startsWith('OS='))?.slice(3).trim();
  const powershellVersion = lines.find((line) => line.startsWith('PS='))?.slice(3).trim();
  if (probe.code === 0 && version?.startsWith('Microsoft Windows') && powershellVersion) {
    return { os: 'windows', shell, system: version, powershellVersion };
  }
  throw new HostError('os-undetected', `cannot tell what ${session.target.instance} runs: uname -s gave exit ${uname.code ?? 'none'} ${JSON.stringify(stderrText(said, 200))}; PowerShell gave exit ${probe.code ?? 'none'} ${JSON.stringify(stderrText(probe.stderr, 200))}`);
}

/** Options of openDialect. */
export interface OpenDialectOptions extends DialectOptions {
  /** The project's `os` for this instance: a detected OS that differs is an 'os-mismatch' error. */
  readonly expectedOs?: HostOs;
}

/** Detects the host and returns its dialect; refuses a host whose OS is not the one the project says. */
export async function openDialect(session: SshSession, options: OpenDialectOptions = {}): Promise<HostDialect> {
  const detection = await detectHost(session, options);
  if (options.expectedOs !== undefined && options.expectedOs !== detection.os) {
    throw new HostError('os-mismatch', `${session.target.instance}: the project says ${options.expectedOs}, but the host runs ${detection.os} (${detection.system})`);
  }
  return detection.os === 'linux' ? new LinuxDialect(session, detection, options) : new WindowsDialect(session, detection, options);
}
