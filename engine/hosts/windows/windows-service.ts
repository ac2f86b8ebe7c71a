// Which service control a Windows host has (REFERENCE.md 2.2), and sc.exe start/stop/query (4.2+) of the service the SCM names.
import { HostError } from '../dialect/errors.js';
import type {
  ServiceActionResult,
  ServiceCallOptions,
  ServiceController,
  ServiceDetection,
  ServiceLocation,
  ServiceStatus,
} from '../dialect/service-types.js';
import type { CallOptions } from '../dialect/types.js';
import { psNativeCall, psQuote } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine, outputLines } from './windows-commands.js';
import { SC, describeScStatus, parseScStatus } from './sc-query.js';
import { binaryPathOf, describeScmService, parseScmServices, scmQueryScript, serviceOfDir } from './scm-service.js';
import { settle } from './settle.js';
import { windowsPaths } from './windows-paths.js';

/** `<serviceDir>\bin\kl_control.bat`, the 4.0/4.1 control script. */
export function klControlPath(serviceDir: string): string {
  return windowsPaths.join(windowsPaths.join(serviceDir, 'bin'), 'kl_control.bat');
}

/** The detection of a Windows host, with the SCM name of the instance's service when one was found. */
export interface WindowsServiceDetection extends ServiceDetection {
  /** The SCM service whose binary is `<serviceDir>\bin\kl_feed_service.exe`: the name `sc.exe` acts on. */
  readonly serviceName?: string;
}

/**
 * One script: does kl_control.bat exist, and which SCM service runs this instance's kl_feed_service.exe
 * (Win32_Service.PathName, the lookup kl-control.ts uses for the state)? kl_control.bat wins when present:
 * it is what 4.0/4.1 document, and its start/stop also drive the watchdog service, which sc.exe would
 * leave alone. Otherwise exactly one such service means sc.exe on that name (4.2+: the HA guides' `sc
 * stop cybertrace`, REFERENCE 2.2, where `cybertrace` is only inferred to be the name). Without a service
 * folder, the one kl_feed_service.exe service of the host, if there is exactly one.
 */
export async function detectWindowsService(
  commands: WindowsCommands,
  location: ServiceLocation,
  options: CallOptions = {},
): Promise<WindowsServiceDetection> {
  const bat = location.serviceDir === undefined ? undefined : klControlPath(location.serviceDir);
  const test =
    bat === undefined
      ? "Write-Output 'kl_control=unchecked'"
      : `Write-Output ('kl_control=' + (Test-Path -LiteralPath ${psQuote(bat)} -PathType Leaf))`;
  const result = await commands.run(`${test}\n${scmQueryScript()}`, options);
  const [first = '', ...rest] = outputLines(result.stdout);
  const batLine =
    bat === undefined
      ? 'kl_control.bat: not checked (no service directory known)'
      : `${bat}: ${first === 'kl_control=True' ? 'exists' : 'absent'}`;
  if (result.code !== 0)
    return {
      method: first === 'kl_control=True' ? 'kl_control' : 'unknown',
      evidence: [batLine, `Get-CimInstance Win32_Service: exit ${result.code ?? 'none'} ${firstErrorLine(result.stderr)}`.trim()],
    };
  const services = parseScmServices(rest);
  const mine = location.serviceDir === undefined ? services : serviceOfDir(services, location.serviceDir);
  const wanted = location.serviceDir === undefined ? 'a kl_feed_service.exe' : binaryPathOf(location.serviceDir);
  const scmLine =
    mine.length === 1 && mine[0] !== undefined
      ? describeScmService(mine[0])
      : mine.length > 1
        ? `${mine.length} SCM services run ${wanted}: ${mine.map((service) => service.name).join(', ')}`
        : `no SCM service runs ${wanted}${services.length > 0 ? ` (found: ${services.map((service) => service.binary).join(', ')})` : ''}`;
  const evidence = [batLine, scmLine];
  if (first === 'kl_control=True') return { method: 'kl_control', evidence };
  const [only] = mine;
  if (only === undefined || mine.length !== 1) return { method: 'unknown', evidence };
  if (!isNativeSafe(only.name))
    return {
      method: 'unknown',
      evidence: [...evidence, `the service name ${JSON.stringify(only.name)} cannot be passed to sc.exe safely`],
    };
  return { method: 'sc', evidence, serviceName: only.name };
}

/** True when `name` survives PowerShell 5.1's native command line unchanged (psNativeCall's rule). */
function isNativeSafe(name: string): boolean {
  try {
    psNativeCall('sc.exe', ['query', name]);
    return true;
  } catch {
    return false;
  }
}

/** `sc.exe start|stop|query NAME` through PowerShell (bare `sc` there is Set-Content), NAME as the SCM lookup found it. */
export class ScController implements ServiceController {
  readonly method = 'sc' as const;

  constructor(
    private readonly commands: WindowsCommands,
    /** The SCM name of the service running this instance's kl_feed_service.exe. */
    readonly serviceName: string,
  ) {}

  /** `sc.exe query NAME` read as a state. */
  async status(options: ServiceCallOptions = {}): Promise<ServiceStatus> {
    const result = await this.commands.run(psNativeCall('sc.exe', ['query', this.serviceName]), options);
    if (result.code !== 0)
      return { state: 'unknown', raw: `sc.exe query: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}` };
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
    const result = await this.commands.run(psNativeCall('sc.exe', [action, this.serviceName]), options);
    const wanted = action === 'start' ? 'active' : 'inactive';
    if (result.code === already) {
      const now = await this.status(options);
      return { action, method: this.method, outcome: 'already', state: now.state, exitCode: result.code };
    }
    if (result.code !== 0 && result.code !== SC.cannotAcceptControl) {
      throw new HostError(
        'service-failed',
        `sc.exe ${action} ${this.serviceName}: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}`,
        'command-failed',
      );
    }
    // 0 means the request was accepted (…_PENDING); 1061 means another start or stop is under way: wait either way.
    const final = await settle(() => this.status(options), options.settleMs);
    if (final.state !== wanted)
      throw new HostError(
        'service-failed',
        `sc.exe ${action} ${this.serviceName}: the service is ${final.raw}, not ${action === 'start' ? 'RUNNING' : 'STOPPED'}`,
        'command-failed',
      );
    return { action, method: this.method, outcome: 'changed', state: final.state, exitCode: result.code };
  }
}
