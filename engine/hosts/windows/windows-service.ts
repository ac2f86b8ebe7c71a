// Which service control a Windows host has (REFERENCE.md 2.2), and sc.exe start/stop/query (4.2+).
import { HostError } from '../dialect/errors.js';
import type { ServiceActionResult, ServiceCallOptions, ServiceController, ServiceDetection, ServiceLocation, ServiceStatus } from '../dialect/service-types.js';
import type { CallOptions } from '../dialect/types.js';
import { psNativeCall, psQuote } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine, outputLines } from './windows-commands.js';
import { CYBERTRACE_SERVICE, SC, describeScStatus, parseScStatus } from './sc-query.js';
import { settle } from './settle.js';
import { windowsPaths } from './windows-paths.js';

/** `<serviceDir>\bin\kl_control.bat`, the 4.0/4.1 control script. */
export function klControlPath(serviceDir: string): string {
  return windowsPaths.join(windowsPaths.join(serviceDir, 'bin'), 'kl_control.bat');
}

/**
 * One script: does kl_control.bat exist, and does `sc.exe query cybertrace` know the service?
 * kl_control.bat wins when present: it is what 4.0/4.1 document, and its start/stop also drive the
 * watchdog service, which sc.exe would leave alone. Otherwise a known service means sc.exe (4.2+).
 */
export async function detectWindowsService(commands: WindowsCommands, location: ServiceLocation, options: CallOptions = {}): Promise<ServiceDetection> {
  const bat = location.serviceDir === undefined ? undefined : klControlPath(location.serviceDir);
  const test = bat === undefined ? "Write-Output 'kl_control=unchecked'" : `Write-Output ('kl_control=' + (Test-Path -LiteralPath ${psQuote(bat)} -PathType Leaf))`;
  const result = await commands.run(`${test}\n${psNativeCall('sc.exe', ['query', CYBERTRACE_SERVICE])}`, options);
  const [first = '', ...rest] = outputLines(result.stdout);
  const sc = parseScStatus(rest.join('\n'));
  const batLine = bat === undefined ? 'kl_control.bat: not checked (no service directory known)' : `${bat}: ${first === 'kl_control=True' ? 'exists' : 'absent'}`;
  const scLine = `sc.exe query ${CYBERTRACE_SERVICE}: exit ${result.code ?? 'none'}${result.code === 0 ? ` (${describeScStatus(sc)})` : result.code === SC.noSuchService ? ' (no such service)' : ` ${firstErrorLine(result.stderr)}`}`;
  const evidence = [batLine, scLine];
  if (first === 'kl_control=True') return { method: 'kl_control', evidence };
  if (result.code === 0 && sc.scmState !== undefined) return { method: 'sc', evidence };
  return { method: 'unknown', evidence };
}

/** `sc.exe start|stop|query cybertrace` through PowerShell (bare `sc` there is Set-Content). */
export class ScController implements ServiceController {
  readonly method = 'sc' as const;

  constructor(private readonly commands: WindowsCommands) {}

  /** `sc.exe query cybertrace` read as a state. */
  async status(options: ServiceCallOptions = {}): Promise<ServiceStatus> {
    const result = await this.commands.run(psNativeCall('sc.exe', ['query', CYBERTRACE_SERVICE]), options);
    if (result.code !== 0) return { state: 'unknown', raw: `sc.exe query: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}` };
    const status = parseScStatus(result.stdout.toString('utf8'));
    return { state: status.state, raw: describeScStatus(status) };
  }

  /** `sc.exe start`, then waits while START_PENDING; 1056 (already running) is success. */
  start(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('start', SC.alreadyRunning, options);
  }

  /** `sc.exe stop`, then waits while STOP_PENDING; 1062 (not started) is success. */
  stop(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('stop', SC.notStarted, options);
  }

  async #act(action: 'start' | 'stop', already: number, options: ServiceCallOptions): Promise<ServiceActionResult> {
    const result = await this.commands.run(psNativeCall('sc.exe', [action, CYBERTRACE_SERVICE]), options);
    const wanted = action === 'start' ? 'active' : 'inactive';
    if (result.code === already) {
      const now = await this.status(options);
      return { action, method: this.method, outcome: 'already', state: now.state, exitCode: result.code };
    }
    if (result.code !== 0 && result.code !== SC.cannotAcceptControl) {
      throw new HostError('service-failed', `sc.exe ${action} ${CYBERTRACE_SERVICE}: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}`, 'command-failed');
    }
    // 0 means the request was accepted (…_PENDING); 1061 means another start or stop is under way: wait either way.
    const final = await settle(() => this.status(options), options.settleMs);
    if (final.state !== wanted) throw new HostError('service-failed', `sc.exe ${action} ${CYBERTRACE_SERVICE}: the service is ${final.raw}, not ${action === 'start' ? 'RUNNING' : 'STOPPED'}`, 'command-failed');
    return { action, method: this.method, outcome: 'changed', state: final.state, exitCode: result.code };
  }
}
