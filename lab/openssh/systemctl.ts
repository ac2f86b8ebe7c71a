// The `systemctl` of an OpenSSH lab host: answers for cybertrace.service the way
// systemd's systemctl does (messages and exit codes), driving the Feed Service simulator.
import { fileURLToPath } from 'node:url';
import { createServiceController } from '../service/controller.js';
import type { LabInstance } from '../spec.js';

const UNIT = 'cybertrace.service';
const write = (stream: NodeJS.WriteStream, text: string): void => void stream.write(text.endsWith('\n') ? text : `${text}\n`);

/** Runs one systemctl command line for a lab instance; resolves with the exit code systemctl would give. */
export async function systemctl(instance: LabInstance, argv: readonly string[], isRoot: boolean): Promise<number> {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const quiet = argv.includes('-q') || argv.includes('--quiet');
  const [verb, unitArg] = words;
  if (verb === undefined) return usage();
  const unit = unitArg === undefined ? undefined : unitArg.endsWith('.service') ? unitArg : `${unitArg}.service`;
  const controller = createServiceController(instance, { simulatorPath: fileURLToPath(new URL('./kl_feed_service.js', import.meta.url)) });
  const known = unit === UNIT;
  switch (verb) {
    case 'is-active': {
      const state = known ? await controller.status() : 'inactive';
      if (!quiet) write(process.stdout, state);
      return state === 'active' ? 0 : 3;
    }
    case 'status': {
      if (!known) return fail(`Unit ${unit ?? ''} could not be found.`, 4);
      const state = await controller.status();
      write(process.stdout, `● ${UNIT} - Kaspersky CyberTrace Service\n     Loaded: loaded (/etc/systemd/system/${UNIT}; enabled)\n     Active: ${describe(state)}`);
      return state === 'active' ? 0 : 3;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      if (!known) return fail(`Failed to ${verb} ${unit ?? ''}: Unit ${unit ?? ''} not found.`, 5);
      if (!isRoot) return fail(`Failed to ${verb} ${UNIT}: Interactive authentication required.\nSee system logs and 'systemctl status ${UNIT}' for details.`, 1);
      if (verb !== 'start') {
        const stopped = await controller.stop();
        if (!stopped.ok) return fail(`Failed to stop ${UNIT}: ${stopped.message}`, 1);
        if (verb === 'stop') return 0;
      }
      const started = await controller.start();
      if (started.ok) return 0;
      return fail(`Job for ${UNIT} failed because the control process exited with error code.\nSee "systemctl status ${UNIT}" and "journalctl -xeu ${UNIT}" for details.`, 1);
    }
    default:
      return fail(`Unknown command verb '${verb}'.`, 1);
  }
}

function describe(state: 'active' | 'inactive' | 'failed'): string {
  switch (state) {
    case 'active':
      return 'active (running)';
    case 'inactive':
      return 'inactive (dead)';
    case 'failed':
      return 'failed (Result: exit-code)';
  }
}

function fail(message: string, code: number): number {
  write(process.stderr, message);
  return code;
}

function usage(): number {
  return fail('systemctl (CyberTrace lab stand-in): expected a command such as start, stop, restart, is-active or status.', 1);
}
