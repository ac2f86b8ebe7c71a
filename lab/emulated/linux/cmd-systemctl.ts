// systemctl for cybertrace.service on an emulated Linux host: the same semantics as the OpenSSH lab's
// stand-in (lab/service/systemctl-semantics.ts), so engine tests see one behaviour on both backends.
import { runSystemctl } from '../../service/systemctl-semantics.js';
import { balancerUnitOf } from '../../trees/balancer-service-state.js';
import type { CommandImpl } from './kit.js';
import { out } from './kit.js';

/** `systemctl start|stop|restart|is-active|status [-q] [--no-pager] UNIT` */
export const systemctlCmd: CommandImpl = async (run) =>
  runSystemctl({
    argv: run.args,
    isRoot: run.state.root,
    service: run.state.session.host.service,
    balancer: balancerUnitOf(run.state.session.host.instance),
    stdout: (text) => out(run, text),
    stderr: (text) => void run.io.stderr.write(text),
  });
