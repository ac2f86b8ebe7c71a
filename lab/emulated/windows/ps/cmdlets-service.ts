// Service cmdlets for the CyberTrace service: Get-Service, Start-Service, Stop-Service, Restart-Service.
import type { ScmState } from '../scm.js';
import { SERVICE_NAME } from '../sc.js';
import type { Cmdlet, CmdletContext } from './cmdlet.js';
import { PsError } from './errors.js';
import { serviceController } from './objects.js';
import { toText } from './values.js';

const STATUS: Record<ScmState, string> = {
  RUNNING: 'Running',
  STOPPED: 'Stopped',
  START_PENDING: 'StartPending',
  STOP_PENDING: 'StopPending',
};
const DISPLAY = 'Kaspersky CyberTrace Service';

// Only the CyberTrace service exists in the lab; anything else is "not found", listing all is refused.
function checkName(context: CmdletContext): boolean {
  const name = context.bound.get('Name');
  if (name === undefined || name === null)
    throw new PsError(`${context.name} without -Name is not emulated by the lab.`, {
      category: 'NotImplemented',
      errorId: 'NotEmulatedByLab',
      exception: 'NotSupportedException',
    });
  if (toText(name).toLowerCase() === SERVICE_NAME) return true;
  context.error(
    new PsError(`Cannot find any service with service name '${toText(name)}'.`, {
      category: 'ObjectNotFound',
      errorId: `NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.${context.name.replace('-', '')}Command`,
      exception: 'ServiceCommandException',
      target: toText(name),
    }),
  );
  return false;
}

async function start(context: CmdletContext): Promise<void> {
  const scm = context.session.host.scm;
  const request = await scm.requestStart();
  // Start-Service waits for the service to settle, and is a no-op on a running one.
  const result = request === 'accepted' ? await scm.settle() : { ok: (await scm.query()).state === 'RUNNING', message: '' };
  if (result.ok) return;
  context.error(
    new PsError(
      `Service '${DISPLAY} (${SERVICE_NAME})' cannot be started due to the following error: Cannot start service ${SERVICE_NAME} on computer '.'.`,
      {
        category: 'OpenError',
        errorId: 'CouldNotStartService,Microsoft.PowerShell.Commands.StartServiceCommand',
        exception: 'ServiceCommandException',
        target: 'System.ServiceProcess.ServiceController',
      },
    ),
  );
}

async function stop(context: CmdletContext): Promise<void> {
  const scm = context.session.host.scm;
  if ((await scm.requestStop()) !== 'accepted') return;
  const result = await scm.settle();
  if (!result.ok)
    context.error(
      new PsError(
        `Service '${DISPLAY} (${SERVICE_NAME})' cannot be stopped due to the following error: Cannot stop ${SERVICE_NAME} service on computer '.'.`,
        {
          category: 'CloseError',
          errorId: 'CouldNotStopService,Microsoft.PowerShell.Commands.StopServiceCommand',
          exception: 'ServiceCommandException',
          target: 'System.ServiceProcess.ServiceController',
        },
      ),
    );
}

const NAME = [{ name: 'Name', aliases: ['ServiceName'], position: 0 }];

/** Get-Service cybertrace: .Status is Running, Stopped, StartPending or StopPending. */
export const getService: Cmdlet = {
  name: 'Get-Service',
  params: NAME,
  run: async (context) => {
    if (!checkName(context)) return [];
    const { state } = await context.session.host.scm.query();
    return [serviceController(STATUS[state])];
  },
};

/** Start-Service cybertrace */
export const startService: Cmdlet = {
  name: 'Start-Service',
  params: NAME,
  run: async (context) => {
    if (checkName(context)) await start(context);
    return [];
  },
};

/** Stop-Service cybertrace [-Force] */
export const stopService: Cmdlet = {
  name: 'Stop-Service',
  params: [...NAME, { name: 'Force', isSwitch: true }],
  run: async (context) => {
    if (checkName(context)) await stop(context);
    return [];
  },
};

/** Restart-Service cybertrace [-Force] */
export const restartService: Cmdlet = {
  name: 'Restart-Service',
  params: [...NAME, { name: 'Force', isSwitch: true }],
  run: async (context) => {
    if (!checkName(context)) return [];
    await stop(context);
    await start(context);
    return [];
  },
};
