// %service_dir%\bin\kl_control.bat start|stop (CyberTrace 4.0/4.1, REFERENCE.md 2.2), the state from the SCM.
import { HostError } from '../dialect/errors.js';
import type { ServiceActionResult, ServiceCallOptions, ServiceController, ServiceState, ServiceStatus } from '../dialect/service-types.js';
import { psNativeCall } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine } from './windows-commands.js';
import { binaryPathOf, describeScmService, queryScmServices, serviceOfDir } from './scm-service.js';
import { settle } from './settle.js';

/**
 * The action is the documented script (REFERENCE.md 2.2: its start/stop also drive the watchdog); the
 * state comes from the Service Control Manager, because what `kl_control.bat status` prints is not
 * documented. The service is the one whose binary is this instance's `bin\kl_feed_service.exe`
 * (Win32_Service.PathName), never a guessed name; none or several such services leave the state unknown.
 */
export class KlControlController implements ServiceController {
  readonly method = 'kl_control' as const;

  constructor(
    private readonly commands: WindowsCommands,
    /** Full path of kl_control.bat. */
    readonly script: string,
    /** `%service_dir%`: the service's binary is `<serviceDir>\bin\kl_feed_service.exe`. */
    readonly serviceDir: string,
  ) {}

  /** The state of the SCM service whose binary is this instance's kl_feed_service.exe. */
  async status(options: ServiceCallOptions = {}): Promise<ServiceStatus> {
    const query = await queryScmServices(this.commands, options);
    if (query.failure !== undefined) return { state: 'unknown', raw: query.failure };
    const mine = serviceOfDir(query.services, this.serviceDir);
    const [only] = mine;
    if (only !== undefined && mine.length === 1) return { state: only.state, raw: describeScmService(only) };
    const others = query.services.map((service) => service.binary).join(', ');
    const binary = binaryPathOf(this.serviceDir);
    return {
      state: 'unknown',
      raw:
        mine.length > 1
          ? `${mine.length} SCM services run ${binary}: ${mine.map((service) => service.name).join(', ')}`
          : `no SCM service runs ${binary}${others ? ` (found: ${others})` : ''}`,
    };
  }

  /** `kl_control.bat start` (starts the service and its watchdog, waits); already running is success. */
  start(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('start', 'active', options);
  }

  /** `kl_control.bat stop` (stops the watchdog and the service, waits); already stopped is success. */
  stop(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('stop', 'inactive', options);
  }

  async #act(action: 'start' | 'stop', wanted: ServiceState, options: ServiceCallOptions): Promise<ServiceActionResult> {
    const reached = (state: ServiceState): boolean => state === wanted || (action === 'stop' && state === 'failed');
    const before = await this.status(options);
    if (reached(before.state)) return { action, method: this.method, outcome: 'already', state: before.state, exitCode: null };
    const result = await this.commands.run(psNativeCall(this.script, [action]), options);
    const after = await settle(() => this.status(options), options.settleMs);
    if (result.code !== 0 || !reached(after.state)) {
      throw new HostError(
        'service-failed',
        `kl_control.bat ${action}: exit ${result.code ?? 'none'}, service now ${after.raw}${result.stderr.length ? `: ${firstErrorLine(result.stderr)}` : ''}`,
        'command-failed',
      );
    }
    return { action, method: this.method, outcome: 'changed', state: after.state, exitCode: result.code };
  }
}
