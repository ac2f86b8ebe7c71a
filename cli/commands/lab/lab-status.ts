import { connect } from 'node:net';
import { resolve } from 'node:path';
import { readLabFile } from '../../../lab/orchestrator/lab-file.js';
import { waitForPong } from '../../../lab/service/controller.js';
import { err, out } from '../../output.js';
import { UsageError } from '../usage-error.js';
import { isAlive } from './pids.js';

/** `ctha lab status DIR`: the daemon, and per host whether SSH accepts connections and the service answers PONG. */
export async function runLabStatus(args: readonly string[]): Promise<number> {
  const [dirArg] = args;
  if (dirArg === undefined || args.length > 1) throw new UsageError('lab status takes exactly one lab folder');
  const dir = resolve(dirArg);
  const file = await readLabFile(dir);
  if (file === undefined) {
    err(`ctha lab status: no lab in ${dir} (no lab.json)`);
    return 1;
  }
  const alive = file.status === 'running' && isAlive(file.daemonPid);
  out(`Lab ${dir}: ${alive ? 'running' : file.status === 'running' ? 'daemon gone (run ctha lab down to clean up)' : file.status}`);
  if (!alive) return 1;
  let healthy = true;
  for (const { instance } of file.hosts) {
    const [ssh, pong] = await Promise.all([
      tcpOpen(instance.address, instance.sshPort, 2_000),
      waitForPong(instance.address, instance.inputPort, 2_000),
    ]);
    healthy &&= ssh && pong;
    out(`  ${instance.name.padEnd(12)} ssh ${ssh ? 'open' : 'closed'}  service ${pong ? 'PONG' : 'no answer'}`);
  }
  return healthy ? 0 : 2;
}

function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (result: boolean): void => {
      socket.destroy();
      done(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
