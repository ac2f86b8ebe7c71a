// Get-CimInstance Win32_Service: the SCM's service table, where the engine finds CyberTrace by its binary path.
import type { ScmState } from '../scm.js';
import { SERVICE_NAME } from '../sc.js';
import type { Cmdlet } from './cmdlet.js';
import { PsError } from './errors.js';
import { PsObject } from './values.js';
import { toText } from './values.js';

// Win32_Service.State words for the SCM states the lab has.
const STATE: Record<ScmState, string> = {
  RUNNING: 'Running',
  STOPPED: 'Stopped',
  START_PENDING: 'Start Pending',
  STOP_PENDING: 'Stop Pending',
};

/** Services every Windows host has, so a query that does not filter by binary cannot find CyberTrace by luck. */
const SYSTEM_SERVICES = [
  { Name: 'W32Time', DisplayName: 'Windows Time', PathName: 'C:\\Windows\\system32\\svchost.exe -k LocalService', State: 'Running' },
  { Name: 'sshd', DisplayName: 'OpenSSH SSH Server', PathName: 'C:\\Windows\\System32\\OpenSSH\\sshd.exe', State: 'Running' },
];

/** WQL LIKE as a regular expression: `%` any run, `_` one character, `[...]` a set (case-insensitive, as WMI compares). */
function wqlLike(pattern: string): RegExp {
  const source = pattern.replace(/\[[^\]]*\]|[%_]|[^%_[]+/g, (part) =>
    part === '%' ? '.*' : part === '_' ? '.' : part.startsWith('[') ? part : part.replace(/[.*+?^${}()|\\]/g, '\\$&'),
  );
  return new RegExp(`^${source}$`, 'is');
}

/** The one -Filter form the lab answers: `PathName LIKE '<pattern>'` (WQL strings double their backslashes). */
function parseFilter(filter: string): RegExp {
  const match = /^\s*PathName\s+LIKE\s+'((?:[^'\\]|\\.)*)'\s*$/i.exec(filter);
  if (!match)
    throw new PsError(`Get-CimInstance -Filter ${JSON.stringify(filter)}: only "PathName LIKE '...'" is emulated by the lab.`, {
      category: 'NotImplemented',
      errorId: 'NotEmulatedByLab',
      exception: 'NotSupportedException',
    });
  return wqlLike((match[1] ?? '').replace(/\\(.)/g, '$1'));
}

/** `Get-CimInstance -ClassName Win32_Service [-Filter "PathName LIKE '...'"]`: Name, DisplayName, PathName, State, ExitCode, StartMode, StartName (LocalService: REFERENCE.md 2.2). */
export const getCimInstance: Cmdlet = {
  name: 'Get-CimInstance',
  params: [{ name: 'ClassName', aliases: ['Class'], position: 0 }, { name: 'Filter' }],
  run: async (context) => {
    const className = toText(context.bound.get('ClassName') ?? '');
    if (className.toLowerCase() !== 'win32_service')
      throw new PsError(`Get-CimInstance -ClassName ${className}: only Win32_Service is emulated by the lab.`, {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
      });
    const filter = context.bound.get('Filter');
    const like = filter === undefined || filter === null ? undefined : parseFilter(toText(filter));
    const { instance } = context.session.host;
    const { state, exitCode } = await context.session.host.scm.query();
    const rows = [
      ...SYSTEM_SERVICES.map((service) => ({ ...service, ExitCode: 0 })),
      // The binary path as the installer would register it: quoted, since it may contain spaces.
      {
        Name: SERVICE_NAME,
        DisplayName: 'Kaspersky CyberTrace Service',
        PathName: `"${instance.serviceDir}\\bin\\kl_feed_service.exe"`,
        State: STATE[state],
        ExitCode: exitCode,
      },
    ];
    return rows
      .filter((row) => like === undefined || like.test(row.PathName))
      .map(
        (row) =>
          new PsObject(
            'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service',
            { ...row, StartMode: 'Auto', StartName: row.Name === SERVICE_NAME ? 'NT AUTHORITY\\LocalService' : 'LocalSystem' },
            {},
            () => `Win32_Service (Name = "${row.Name}")`,
          ),
      );
  },
};
