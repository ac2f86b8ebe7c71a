// Reading sc.exe's status block (`sc query`, `sc start`, `sc stop`; kl_control.bat status prints the same).
import type { ServiceState } from '../dialect/service-types.js';

/** The Windows service name (REFERENCE.md 2.2: the 4.2+ HA guides say `sc stop cybertrace`). */
export const CYBERTRACE_SERVICE = 'cybertrace';

/** sc.exe exit codes that matter here (Win32 errors). */
export const SC = {
  alreadyRunning: 1056,
  cannotAcceptControl: 1061, // a start or stop is pending
  notStarted: 1062,
  noSuchService: 1060,
} as const;

/** What an SCM status block says. */
export interface ScStatus {
  /** `RUNNING`, `STOPPED`, `START_PENDING`, ... or undefined when no STATE line was printed. */
  readonly scmState: string | undefined;
  readonly win32ExitCode: number | undefined;
  readonly state: ServiceState;
}

// A service that stopped by itself with an error exit code failed; 1077 means "never started since boot".
const NEVER_STARTED = 1077;

/** Parses `STATE : 4  RUNNING` and `WIN32_EXIT_CODE : 0  (0x0)` out of sc.exe output. */
export function parseScStatus(output: string): ScStatus {
  const scmState = /^\s*STATE\s*:\s*\d+\s+([A-Z_]+)/m.exec(output)?.[1];
  const exit = /^\s*WIN32_EXIT_CODE\s*:\s*(\d+)/m.exec(output)?.[1];
  const win32ExitCode = exit === undefined ? undefined : Number(exit);
  return { scmState, win32ExitCode, state: stateOfScm(scmState, win32ExitCode) };
}

/** An SCM state word (`RUNNING`, `STOP_PENDING`, ...) and the Win32 exit code as a ServiceState. */
export function stateOfScm(scmState: string | undefined, win32ExitCode: number | undefined): ServiceState {
  switch (scmState) {
    case 'RUNNING':
      return 'active';
    case 'START_PENDING':
    case 'CONTINUE_PENDING':
      return 'activating';
    case 'STOP_PENDING':
    case 'PAUSE_PENDING':
      return 'deactivating';
    case 'STOPPED':
      return win32ExitCode !== undefined && win32ExitCode !== 0 && win32ExitCode !== NEVER_STARTED ? 'failed' : 'inactive';
    default:
      return 'unknown';
  }
}

/** The status block in one line for reports: `STOPPED (WIN32_EXIT_CODE 1067)`. */
export function describeScStatus(status: ScStatus): string {
  if (status.scmState === undefined) return 'no STATE line';
  return status.win32ExitCode ? `${status.scmState} (WIN32_EXIT_CODE ${status.win32ExitCode})` : status.scmState;
}
