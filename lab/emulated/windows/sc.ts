// sc.exe query|queryex|qc|start|stop for the CyberTrace service: SCM's words, states and Win32 error codes.
import type { ScmState } from './scm.js';
import type { NativeProgram, NativeRun } from './native.js';
import { writeText } from './native.js';
import { balancerUnitOf } from '../../trees/balancer-service-state.js';

/** The Windows service name of CyberTrace (REFERENCE.md 2.2, inferred from `sc stop cybertrace`). */
export const SERVICE_NAME = 'cybertrace';

const STATE_CODES: Record<ScmState, number> = { STOPPED: 1, START_PENDING: 2, STOP_PENDING: 3, RUNNING: 4 };

/** The status block sc.exe prints for query, start and stop. */
export function statusBlock(state: ScmState, exitCode: number, extra: { waitHint?: number; pid?: number } = {}): string {
  const accepts =
    state === 'RUNNING' || state === 'STOP_PENDING'
      ? '(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)'
      : '(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)';
  const lines = [
    '',
    `SERVICE_NAME: ${SERVICE_NAME} `,
    '        TYPE               : 10  WIN32_OWN_PROCESS  ',
    `        STATE              : ${STATE_CODES[state]}  ${state} `,
    `                                ${accepts}`,
    `        WIN32_EXIT_CODE    : ${exitCode}  (0x${exitCode.toString(16)})`,
    '        SERVICE_EXIT_CODE  : 0  (0x0)',
    '        CHECKPOINT         : 0x0',
    `        WAIT_HINT          : 0x${(extra.waitHint ?? 0).toString(16)}`,
  ];
  if (extra.pid !== undefined) lines.push(`        PID                : ${extra.pid}`, '        FLAGS              : ');
  return `${lines.join('\r\n')}\r\n`;
}

function failed(run: NativeRun, call: string, code: number, text: string): number {
  writeText(run.io.stdout, `[SC] ${call} FAILED ${code}:\r\n\r\n${text}\r\n\r\n`);
  return code;
}

/** A stand-in process id: stable per host, only shown to humans. */
const LAB_PID = 4242;

/** `sc qc`'s configuration block: the binary under `<serviceDir>\\bin`, run as LocalService (REFERENCE.md 2.2). */
export function qcBlock(serviceDir: string): string {
  return [
    '[SC] QueryServiceConfig SUCCESS',
    '',
    `SERVICE_NAME: ${SERVICE_NAME}`,
    '        TYPE               : 10  WIN32_OWN_PROCESS ',
    '        START_TYPE         : 2   AUTO_START',
    '        ERROR_CONTROL      : 1   NORMAL',
    `        BINARY_PATH_NAME   : "${serviceDir}\\bin\\kl_feed_service.exe"`,
    '        LOAD_ORDER_GROUP   : ',
    '        TAG                : 0',
    '        DISPLAY_NAME       : Kaspersky CyberTrace Service',
    '        DEPENDENCIES       : ',
    '        SERVICE_START_NAME : NT AUTHORITY\\LocalService',
    '',
  ].join('\r\n');
}

/** The Balancer's Windows service name (REFERENCE 3.4, `sc stop KasperskyBalancerService`). */
export const BALANCER_SERVICE_NAME = 'KasperskyBalancerService';

/**
 * sc.exe for the Balancer's service on the host the lab runs Balancer on: its state is the lab's unit file,
 * followed by the lab process, which listens on matching_port while it is running (a start or stop returns
 * once that is done, so no PENDING state is shown); 1060 where Balancer is not registered.
 */
async function balancerSc(run: NativeRun, verb: string, state: 'active' | 'inactive' | 'failed' | undefined): Promise<number> {
  if (state === undefined)
    return failed(
      run,
      verb.startsWith('query') ? 'EnumQueryServicesStatus:OpenService' : 'OpenService',
      1060,
      'The specified service does not exist as an installed service.',
    );
  const block = (scm: ScmState): string =>
    statusBlock(scm, 0).replace(`SERVICE_NAME: ${SERVICE_NAME} `, `SERVICE_NAME: ${BALANCER_SERVICE_NAME} `);
  if (verb === 'query' || verb === 'queryex') {
    writeText(run.io.stdout, block(state === 'active' ? 'RUNNING' : 'STOPPED'));
    return 0;
  }
  if (verb === 'qc') return failed(run, 'QueryServiceConfig', 1, 'sc qc of the Balancer service is not emulated by the lab.');
  const unit = balancerUnitOf(run.session.host.instance);
  if (verb === 'start') {
    if (state === 'active') return failed(run, 'StartService', 1056, 'An instance of the service is already running.');
    // 1053 is what sc.exe says when a service does not come up: the lab's Balancer did not start.
    if (!(await unit.set('active')).ok)
      return failed(run, 'StartService', 1053, 'The service did not respond to the start or control request in a timely fashion.');
    writeText(run.io.stdout, block('RUNNING'));
    return 0;
  }
  if (state !== 'active') return failed(run, 'ControlService', 1062, 'The service has not been started.');
  if (!(await unit.set('inactive')).ok)
    return failed(run, 'ControlService', 1061, 'The service cannot accept control messages at this time.');
  writeText(run.io.stdout, block('STOPPED'));
  return 0;
}

/** `sc.exe query|queryex|qc|start|stop cybertrace`; exit codes are the Win32 errors, as sc.exe returns them. */
export const scExe: NativeProgram = async (run) => {
  const [verbArg, name] = run.args;
  const verb = verbArg?.toLowerCase();
  const scm = run.session.host.scm;
  if (verb === undefined || !['query', 'queryex', 'qc', 'start', 'stop'].includes(verb) || name === undefined) {
    writeText(
      run.io.stdout,
      `[SC] sc ${run.args.join(' ')}: only query, queryex, qc, start and stop of a named service are emulated by the lab\r\n`,
    );
    return 1;
  }
  if (name.toLowerCase() === BALANCER_SERVICE_NAME.toLowerCase())
    return balancerSc(run, verb, await balancerUnitOf(run.session.host.instance).status());
  if (name.toLowerCase() !== SERVICE_NAME) {
    const call = verb.startsWith('query') ? 'EnumQueryServicesStatus:OpenService' : 'OpenService';
    return failed(run, call, 1060, 'The specified service does not exist as an installed service.');
  }
  if (verb === 'qc') {
    writeText(run.io.stdout, qcBlock(run.session.host.instance.serviceDir));
    return 0;
  }
  if (verb === 'query' || verb === 'queryex') {
    const { state, exitCode } = await scm.query();
    writeText(run.io.stdout, statusBlock(state, exitCode, verb === 'queryex' ? { pid: state === 'STOPPED' ? 0 : LAB_PID } : {}));
    return 0;
  }
  const outcome = verb === 'start' ? await scm.requestStart() : await scm.requestStop();
  switch (outcome) {
    case 'accepted':
      writeText(
        run.io.stdout,
        statusBlock(verb === 'start' ? 'START_PENDING' : 'STOP_PENDING', 0, verb === 'start' ? { waitHint: 0x7d0, pid: LAB_PID } : {}),
      );
      return 0;
    case 'already-running':
      return failed(run, 'StartService', 1056, 'An instance of the service is already running.');
    case 'not-active':
      return failed(run, 'ControlService', 1062, 'The service has not been started.');
    case 'cannot-accept-control':
      return failed(
        run,
        verb === 'start' ? 'StartService' : 'ControlService',
        1061,
        'The service cannot accept control messages at this time.',
      );
  }
};
