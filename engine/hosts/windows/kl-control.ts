// %service_dir%\bin\kl_control.bat start|stop|status (CyberTrace 4.0/4.1, REFERENCE.md 2.2).
import { HostError } from '../dialect/errors.js';
import type { ServiceActionResult, ServiceCallOptions, ServiceController, ServiceState, ServiceStatus } from '../dialect/service-types.js';
import { psNativeCall } from '../quoting/powershell.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine, outputLines } from './windows-commands.js';
import { describeScStatus, parseScStatus } from './sc-query.js';
import { settle } from './settle.js';

/**
 * The script's output is undocumented, so decisions rest on exit codes and on the state read
 * afterwards. `status` is read as an SCM status block when it prints one (the lab's copy runs
 * `sc query cybertrace`); otherwise the state is 'unknown', never guessed.
 */
export class KlControlController implements ServiceController {
  readonly method = 'kl_control' as const;

  constructor(
    private readonly commands: WindowsCommands,
    /** Full path of kl_control.bat. */
    readonly script: string,
  ) {}

  /** `kl_control.bat status`, read as an SCM status block when it prints one. */
  async status(options: ServiceCallOptions = {}): Promise<ServiceStatus> {
    const result = await this.commands.run(psNativeCall(this.script, ['status']), options);
    const status = parseScStatus(result.stdout.toString('utf8'));
    if (status.scmState !== undefined) return { state: status.state, raw: describeScStatus(status) };
    return { state: 'unknown', raw: `kl_control.bat status: exit ${result.code ?? 'none'} ${outputLines(result.stdout).join(' ').trim()}`.trim() };
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
      throw new HostError('service-failed', `kl_control.bat ${action}: exit ${result.code ?? 'none'}, service now ${after.raw}${result.stderr.length ? `: ${firstErrorLine(result.stderr)}` : ''}`, 'command-failed');
    }
    return { action, method: this.method, outcome: 'changed', state: after.state, exitCode: result.code };
  }
}
