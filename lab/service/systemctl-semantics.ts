// systemd's systemctl for cybertrace.service: its messages and exit codes, written once and used by both
// lab backends (the OpenSSH hosts' stand-in and the emulated hosts' shell), so the engine sees one behaviour.
import type { ControlResult, ServiceController, ServiceStatus } from './controller.js';

const UNIT = 'cybertrace.service';
/** The Balancer's unit (REFERENCE 3.4), present only on the host the lab runs Balancer on. */
const BALANCER_UNIT = 'cybertrace_balancer.service';

/** The lab's Balancer unit on one host: its state file, followed by the lab process (lab/service/balancer-process.ts). */
export interface BalancerUnit {
  /** undefined: the unit is not installed on this host. */
  status(): Promise<'active' | 'inactive' | 'failed' | undefined>;
  /** Starts or stops it; resolves once the lab's Balancer listens or has stopped, or with why not. */
  set(state: 'active' | 'inactive'): Promise<ControlResult>;
}

/** Where a systemctl call writes and what it acts on. */
export interface SystemctlCall {
  readonly argv: readonly string[];
  /** start, stop and restart need root, as with systemd and no polkit rule. */
  readonly isRoot: boolean;
  readonly service: ServiceController;
  /** The host's Balancer unit, when the caller knows of one. */
  readonly balancer?: BalancerUnit;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs `systemctl VERB [UNIT] [-q]`; resolves with the exit code systemctl would give. */
export async function runSystemctl(call: SystemctlCall): Promise<number> {
  const { argv, service } = call;
  const fail = (message: string, code: number): number => {
    call.stderr(`${message}\n`);
    return code;
  };
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const quiet = argv.includes('-q') || argv.includes('--quiet');
  const [verb, unitArg] = words;
  if (verb === undefined)
    return fail('systemctl (CyberTrace lab stand-in): expected a command such as start, stop, restart, is-active or status.', 1);
  const unit = unitArg === undefined ? undefined : unitArg.endsWith('.service') ? unitArg : `${unitArg}.service`;
  if (unit === BALANCER_UNIT) return runBalancerUnit(call, verb, quiet);
  const known = unit === UNIT;
  switch (verb) {
    case 'is-active': {
      const state = known ? await service.status() : 'inactive';
      if (!quiet) call.stdout(`${state}\n`);
      return state === 'active' ? 0 : 3;
    }
    case 'status': {
      if (!known) return fail(`Unit ${unit ?? ''} could not be found.`, 4);
      const state = await service.status();
      call.stdout(
        `● ${UNIT} - Kaspersky CyberTrace Service\n     Loaded: loaded (/etc/systemd/system/${UNIT}; enabled)\n     Active: ${describe(state)}\n`,
      );
      return state === 'active' ? 0 : 3;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      if (!known) return fail(`Failed to ${verb} ${unit ?? ''}: Unit ${unit ?? ''} not found.`, 5);
      if (!call.isRoot)
        return fail(
          `Failed to ${verb} ${UNIT}: Interactive authentication required.\nSee system logs and 'systemctl status ${UNIT}' for details.`,
          1,
        );
      if (verb !== 'start') {
        const stopped = await service.stop();
        if (!stopped.ok) return fail(`Failed to stop ${UNIT}: ${stopped.message}`, 1);
        if (verb === 'stop') return 0;
      }
      const started = await service.start();
      if (started.ok) return 0;
      return fail(
        `Job for ${UNIT} failed because the control process exited with error code.\nSee "systemctl status ${UNIT}" and "journalctl -xeu ${UNIT}" for details.`,
        1,
      );
    }
    default:
      return fail(`Unknown command verb '${verb}'.`, 1);
  }
}

/** systemctl for cybertrace_balancer.service: systemd's words and exit codes, the state kept by the lab. */
async function runBalancerUnit(call: SystemctlCall, verb: string, quiet: boolean): Promise<number> {
  const fail = (message: string, code: number): number => {
    call.stderr(`${message}\n`);
    return code;
  };
  const state = await call.balancer?.status();
  switch (verb) {
    case 'is-active':
      if (!quiet) call.stdout(`${state ?? 'inactive'}\n`);
      return state === 'active' ? 0 : 3;
    case 'status':
      if (state === undefined || call.balancer === undefined) return fail(`Unit ${BALANCER_UNIT} could not be found.`, 4);
      call.stdout(
        `● ${BALANCER_UNIT} - Kaspersky CyberTrace Balancer\n     Loaded: loaded (/etc/systemd/system/${BALANCER_UNIT}; enabled)\n     Active: ${describe(state)}\n`,
      );
      return state === 'active' ? 0 : 3;
    case 'start':
    case 'stop':
    case 'restart':
      if (state === undefined || call.balancer === undefined)
        return fail(`Failed to ${verb} ${BALANCER_UNIT}: Unit ${BALANCER_UNIT} not found.`, 5);
      if (!call.isRoot)
        return fail(
          `Failed to ${verb} ${BALANCER_UNIT}: Interactive authentication required.\nSee system logs and 'systemctl status ${BALANCER_UNIT}' for details.`,
          1,
        );
      if (verb !== 'start') {
        const stopped = await call.balancer.set('inactive');
        if (!stopped.ok) return fail(`Failed to stop ${BALANCER_UNIT}: ${stopped.message}`, 1);
        if (verb === 'stop') return 0;
      }
      if ((await call.balancer.set('active')).ok) return 0;
      return fail(
        `Job for ${BALANCER_UNIT} failed because the control process exited with error code.\nSee "systemctl status ${BALANCER_UNIT}" and "journalctl -xeu ${BALANCER_UNIT}" for details.`,
        1,
      );
    default:
      return fail(`Unknown command verb '${verb}'.`, 1);
  }
}

function describe(state: ServiceStatus): string {
  switch (state) {
    case 'active':
      return 'active (running)';
    case 'inactive':
      return 'inactive (dead)';
    case 'failed':
      return 'failed (Result: exit-code)';
  }
}
