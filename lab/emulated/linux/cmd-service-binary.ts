// `<serviceDir>/bin/kl_feed_service` on an emulated Linux host: the file is the lab's launcher, which the
// emulated shell cannot exec, so the host answers `-v` itself with the simulator's own line (the same
// function the simulator prints with). The service itself is only ever started through systemctl.
import { versionLine } from '../../simulator/cli-args.js';
import type { CommandImpl, CommandRun } from './kit.js';
import { fail, out } from './kit.js';

/** The host path of the instance's service binary (REFERENCE 1.2: the binaries are in `%service_dir%/bin`). */
export function serviceBinaryOf(run: Pick<CommandRun, 'state'>): string {
  return `${run.state.session.host.instance.serviceDir}/bin/kl_feed_service`;
}

/** True when `name` (as typed, resolved from the shell's folder) is this host's service binary. */
export function isServiceBinary(run: Pick<CommandRun, 'state'>, name: string): boolean {
  const { vfs } = run.state.session.host;
  return vfs.normalize(name, run.state.cwd) === serviceBinaryOf(run);
}

/** `kl_feed_service -v` (or `--version`): the lab's version line; anything else is refused with the reason. */
export const serviceBinaryCmd: CommandImpl = (run) => {
  const { vfs, instance } = run.state.session.host;
  const stat = vfs.tryStat(serviceBinaryOf(run));
  if (stat?.kind !== 'file') return Promise.resolve(fail(run, 'No such file or directory', 127));
  // Executable by someone, as the lab's launcher (mode 0755) is: a file without x bits does not run.
  if ((stat.mode & 0o111) === 0) return Promise.resolve(fail(run, 'Permission denied', 126));
  const [first] = run.args;
  if (run.args.length === 1 && (first === '-v' || first === '--version')) {
    out(run, `${versionLine(instance.version)}\n`);
    return Promise.resolve(0);
  }
  return Promise.resolve(
    fail(
      run,
      `${run.args.join(' ') || '(no arguments)'}: the emulated host runs kl_feed_service only with -v; the service starts through systemctl`,
      2,
    ),
  );
};
