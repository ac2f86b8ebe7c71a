// systemctl for cybertrace.service, with the same messages and exit codes as the OpenSSH lab's stand-in
// (lab/openssh/systemctl.ts), so engine tests see one behaviour on both backends.
import type { ServiceState } from '../types.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { out } from './kit.js';

const UNIT = 'cybertrace.service';

function describe(state: ServiceState): string {
  switch (state) {
    case 'active':
      return 'active (running)';
    case 'inactive':
      return 'inactive (dead)';
    case 'failed':
      return 'failed (Result: exit-code)';
  }
}

function fail(run: CommandRun, message: string, code: number): number {
  run.io.stderr.write(`${message}\n`);
  return code;
}

/** `systemctl start|stop|restart|is-active|status [-q] [--no-pager] UNIT` */
export const systemctlCmd: CommandImpl = async (run) => {
  const service = run.state.session.host.service;
  const words = run.args.filter((arg) => !arg.startsWith('-'));
  const quiet = run.args.includes('-q') || run.args.includes('--quiet');
  const [verb, unitArg] = words;
  if (verb === undefined) return fail(run, 'systemctl (CyberTrace lab stand-in): expected a command such as start, stop, restart, is-active or status.', 1);
  const unit = unitArg === undefined ? undefined : unitArg.endsWith('.service') ? unitArg : `${unitArg}.service`;
  const known = unit === UNIT;
  switch (verb) {
    case 'is-active': {
      const state = known ? await service.status() : 'inactive';
      if (!quiet) out(run, `${state}\n`);
      return state === 'active' ? 0 : 3;
    }
    case 'status': {
      if (!known) return fail(run, `Unit ${unit ?? ''} could not be found.`, 4);
      const state = await service.status();
      out(run, `● ${UNIT} - Kaspersky CyberTrace Service\n     Loaded: loaded (/etc/systemd/system/${UNIT}; enabled)\n     Active: ${describe(state)}\n`);
      return state === 'active' ? 0 : 3;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      if (!known) return fail(run, `Failed to ${verb} ${unit ?? ''}: Unit ${unit ?? ''} not found.`, 5);
      if (!run.state.root) return fail(run, `Failed to ${verb} ${UNIT}: Interactive authentication required.\nSee system logs and 'systemctl status ${UNIT}' for details.`, 1);
      if (verb !== 'start') {
        const stopped = await service.stop();
        if (!stopped.ok) return fail(run, `Failed to stop ${UNIT}: ${stopped.message}`, 1);
        if (verb === 'stop') return 0;
      }
      const started = await service.start();
      if (started.ok) return 0;
      return fail(run, `Job for ${UNIT} failed because the control process exited with error code.\nSee "systemctl status ${UNIT}" and "journalctl -xeu ${UNIT}" for details.`, 1);
    }
    default:
      return fail(run, `Unknown command verb '${verb}'.`, 1);
  }
};
