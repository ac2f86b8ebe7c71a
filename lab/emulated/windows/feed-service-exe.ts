// `%service_dir%\bin\kl_feed_service.exe` on an emulated Windows host: the file is a placeholder the host
// cannot run, so the host answers `-v` itself with the simulator's own line (the function the simulator
// prints with). The service itself is only ever started through the SCM.
import { versionLine } from '../../simulator/cli-args.js';
import type { SessionContext } from '../context.js';
import type { NativeProgram } from './native.js';
import { writeText } from './native.js';

/** The path of this host's kl_feed_service.exe when the file is there (REFERENCE 1.2: binaries in `bin`). */
export function feedServiceExePath(session: SessionContext): string | null {
  const { instance, vfs } = session.host;
  const path = vfs.normalize(`${instance.serviceDir}\\bin\\kl_feed_service.exe`);
  return vfs.tryStat(path)?.kind === 'file' ? path : null;
}

/** `kl_feed_service.exe -v` (or `--version`): the lab's version line; anything else is refused with the reason. */
export const feedServiceExe: NativeProgram = (run) => {
  const [first] = run.args;
  if (run.args.length === 1 && (first === '-v' || first === '--version')) {
    writeText(run.io.stdout, `${versionLine(run.session.host.instance.version)}\r\n`);
    return Promise.resolve(0);
  }
  writeText(
    run.io.stderr,
    `kl_feed_service.exe ${run.args.join(' ')}: the emulated host runs it only with -v; the service starts through the SCM\r\n`,
  );
  return Promise.resolve(2);
};
