// %service_dir%\bin\kl_control.bat of 4.0/4.1, run the way the lab's copy of the file reads
// (lab/trees/service-binaries.ts): `net start`/`net stop` of the service and its watchdog. What `status`
// prints is undocumented (REFERENCE.md 2.2), so the lab prints free text no parser should rely on.
import type { NativeProgram, NativeRun } from './native.js';
import { writeText } from './native.js';

const SERVICE = 'Kaspersky CyberTrace Service';
const WATCHDOG = 'Kaspersky CyberTrace Watchdog';
const USAGE = 'Usage: kl_control.bat start|stop|restart|status|reloaddb|help\r\n';

/** net.exe's exit code for any failure. */
const NET_FAILED = 2;

// The watchdog has no state of its own in the lab: it runs exactly when the service does.
async function netStart(run: NativeRun): Promise<number> {
  const scm = run.session.host.scm;
  const request = await scm.requestStart();
  if (request !== 'accepted') {
    writeText(
      run.io.stderr,
      'The requested service has already been started.\r\n\r\nMore help is available by typing NET HELPMSG 2182.\r\n\r\n',
    );
    return NET_FAILED;
  }
  writeText(run.io.stdout, `The ${SERVICE} service is starting.\r\n`);
  const result = await scm.settle();
  if (!result.ok) {
    writeText(
      run.io.stderr,
      `The ${SERVICE} service could not be started.\r\n\r\nA service specific error occurred: 1.\r\n\r\nMore help is available by typing NET HELPMSG 3547.\r\n\r\n`,
    );
    return NET_FAILED;
  }
  writeText(run.io.stdout, `The ${SERVICE} service was started successfully.\r\n\r\n`);
  writeText(run.io.stdout, `The ${WATCHDOG} service is starting.\r\nThe ${WATCHDOG} service was started successfully.\r\n\r\n`);
  return 0;
}

async function netStop(run: NativeRun): Promise<number> {
  const scm = run.session.host.scm;
  const { state } = await scm.query();
  if (state !== 'RUNNING') {
    for (const name of [WATCHDOG, SERVICE])
      writeText(run.io.stderr, `The ${name} service is not started.\r\n\r\nMore help is available by typing NET HELPMSG 3521.\r\n\r\n`);
    return NET_FAILED;
  }
  writeText(run.io.stdout, `The ${WATCHDOG} service is stopping.\r\nThe ${WATCHDOG} service was stopped successfully.\r\n\r\n`);
  await scm.requestStop();
  writeText(run.io.stdout, `The ${SERVICE} service is stopping.\r\n`);
  const result = await scm.settle();
  if (!result.ok) {
    writeText(run.io.stderr, `The ${SERVICE} service could not be stopped.\r\n\r\n`);
    return NET_FAILED;
  }
  writeText(run.io.stdout, `The ${SERVICE} service was stopped successfully.\r\n\r\n`);
  return 0;
}

/** `kl_control.bat start|stop|restart|status|reloaddb|help` */
export const klControlBat: NativeProgram = async (run) => {
  const option = run.args[0]?.toLowerCase();
  switch (option) {
    case 'start':
      return netStart(run);
    case 'stop':
      return netStop(run);
    case 'restart':
      await netStop(run);
      return netStart(run);
    case 'status': {
      const { state } = await run.session.host.scm.query();
      writeText(run.io.stdout, `${SERVICE}: ${state === 'RUNNING' ? 'working' : state === 'STOPPED' ? 'not working' : 'busy'}\r\n`);
      return 0;
    }
    case 'reloaddb':
      writeText(run.io.stderr, 'kl_control.bat reloaddb: not emulated by the lab\r\n');
      return 1;
    case undefined:
    case 'help':
      writeText(run.io.stdout, USAGE);
      return 0;
    default:
      writeText(run.io.stdout, `Unknown option: ${run.args[0] ?? ''}\r\n${USAGE}`);
      return 0;
  }
};
