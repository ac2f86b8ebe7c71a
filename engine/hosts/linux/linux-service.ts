// cybertrace.service through systemctl (REFERENCE.md 2.1): detection, status, and idempotent start/stop.
import { HostError, stderrText } from '../dialect/errors.js';
import type {
  ServiceActionResult,
  ServiceCallOptions,
  ServiceController,
  ServiceDetection,
  ServiceState,
  ServiceStatus,
} from '../dialect/service-types.js';
import type { CallOptions } from '../dialect/types.js';
import type { LinuxCommands } from './linux-commands.js';

/** The unit name the help documents for 4.x/5.x. */
export const CYBERTRACE_UNIT = 'cybertrace.service';

const STATES: Record<string, ServiceState> = {
  active: 'active',
  reloading: 'active',
  inactive: 'inactive',
  failed: 'failed',
  activating: 'activating',
  deactivating: 'deactivating',
};

/**
 * `systemctl status` exits 0 (running) or 3 (not running) for a unit that exists and 4 for one that
 * does not; exit 127 is no systemctl at all. Anything else is not a reason to guess.
 */
export async function detectSystemctl(commands: LinuxCommands, options: CallOptions = {}): Promise<ServiceDetection> {
  const result = await commands.run(['systemctl', 'status', '--no-pager', CYBERTRACE_UNIT], options);
  const line = `systemctl status ${CYBERTRACE_UNIT}: exit ${result.code ?? 'none'}`;
  if (result.code === 0 || result.code === 3) return { method: 'systemctl', evidence: [`${line} (the unit exists)`] };
  const why =
    result.code === 4
      ? 'no such unit'
      : result.code === 127
        ? 'no systemctl on this host'
        : stderrText(result.stderr, 200) || 'unexpected exit code';
  return { method: 'unknown', evidence: [`${line} (${why})`] };
}

/** systemctl start/stop/is-active for cybertrace.service; start and stop run as root. */
export class SystemctlController implements ServiceController {
  readonly method = 'systemctl' as const;

  constructor(private readonly commands: LinuxCommands) {}

  /** `systemctl is-active` (0 active, 3 otherwise) read as a state. */
  async status(options: ServiceCallOptions = {}): Promise<ServiceStatus> {
    const result = await this.commands.run(['systemctl', 'is-active', CYBERTRACE_UNIT], options);
    const raw = result.stdout.toString().trim();
    return { state: STATES[raw] ?? 'unknown', raw: raw || stderrText(result.stderr, 200) };
  }

  /** Starts the unit (systemctl waits for the start job); already active is success. */
  start(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('start', (state) => state === 'active', options);
  }

  /** Stops the unit; already inactive or failed is success. */
  stop(options: ServiceCallOptions = {}): Promise<ServiceActionResult> {
    return this.#act('stop', (state) => state === 'inactive' || state === 'failed', options);
  }

  async #act(
    action: 'start' | 'stop',
    reached: (state: ServiceState) => boolean,
    options: ServiceCallOptions,
  ): Promise<ServiceActionResult> {
    const before = await this.status(options);
    if (reached(before.state)) return { action, method: this.method, outcome: 'already', state: before.state, exitCode: null };
    const result = await this.commands.run(['systemctl', action, CYBERTRACE_UNIT], { ...options, privileged: true });
    const after = await this.status(options);
    if (result.code !== 0 || !reached(after.state)) {
      const said = stderrText(result.stderr, 400);
      throw new HostError(
        'service-failed',
        `systemctl ${action} ${CYBERTRACE_UNIT}: exit ${result.code ?? 'none'}, now ${after.raw}${said ? `: ${said}` : ''}`,
        'command-failed',
      );
    }
    return { action, method: this.method, outcome: 'changed', state: after.state, exitCode: result.code };
  }
}
