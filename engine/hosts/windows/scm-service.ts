// Finding CyberTrace in the Service Control Manager by its binary (Win32_Service.PathName), never by a guessed name.
import type { CallOptions } from '../dialect/types.js';
import type { ServiceState } from '../dialect/service-types.js';
import type { WindowsCommands } from './windows-commands.js';
import { firstErrorLine, outputLines } from './windows-commands.js';
import { stateOfScm } from './sc-query.js';
import { windowsPaths } from './windows-paths.js';

/** The service binary's file name in `%service_dir%\bin` (REFERENCE.md 1.2: the binary sits in `bin`). */
export const FEED_SERVICE_EXE = 'kl_feed_service.exe';

/** One SCM service whose binary is a kl_feed_service.exe. */
export interface ScmService {
  readonly name: string;
  /** Win32_Service.State as written: `Running`, `Stopped`, `Start Pending`, ... */
  readonly scmState: string;
  readonly exitCode: number | undefined;
  readonly state: ServiceState;
  /** The executable of PathName, without quotes or arguments. */
  readonly binary: string;
  /** `<dir>` of `<dir>\bin\kl_feed_service.exe`; undefined when the binary is not in a `bin` folder. */
  readonly serviceDir: string | undefined;
}

/** What the SCM query gave: the services, or why it could not be read. */
export interface ScmQuery {
  readonly services: readonly ScmService[];
  /** Set when the query failed: the exit code and PowerShell's error line. */
  readonly failure?: string;
}

const MARK = 'ctha-svc|';

/** The PowerShell lines listing every service whose binary is a kl_feed_service.exe (one `ctha-svc|...` line each). */
export function scmQueryScript(): string {
  return SCRIPT;
}

// One WQL query filtered by the binary's name: real hosts have hundreds of services, and `_` in LIKE
// matching any character only widens the match, which the exact path comparison below narrows again.
const SCRIPT = [
  `foreach ($s in @(Get-CimInstance -ClassName Win32_Service -Filter "PathName LIKE '%${FEED_SERVICE_EXE}%'")) {`,
  `  Write-Output ('${MARK}' + $s.Name + '|' + $s.State + '|' + $s.ExitCode + '|' + $s.PathName)`,
  '}',
].join('\n');

/** The executable of a PathName: `"C:\x y\bin\a.exe" -arg` or `C:\x\bin\a.exe -arg` -> the path alone. */
export function binaryOfPathName(pathName: string): string {
  const text = pathName.trim();
  if (text.startsWith('"')) return text.slice(1, text.indexOf('"', 1) < 0 ? undefined : text.indexOf('"', 1));
  const exe = /^(.*?\.exe)(?:\s|$)/i.exec(text);
  return exe?.[1] ?? text;
}

/** `<dir>` of `<dir>\bin\kl_feed_service.exe`, or undefined for any other path. */
export function serviceDirOfBinary(binary: string): string | undefined {
  const bin = windowsPaths.dirname(binary);
  if (windowsPaths.basename(binary).toLowerCase() !== FEED_SERVICE_EXE || windowsPaths.basename(bin).toLowerCase() !== 'bin')
    return undefined;
  return windowsPaths.dirname(bin);
}

/** Parses the script's `ctha-svc|NAME|STATE|EXITCODE|PATHNAME` lines (PathName last: it may hold `|`-free spaces and quotes). */
export function parseScmServices(lines: readonly string[]): ScmService[] {
  return lines
    .filter((line) => line.startsWith(MARK))
    .map((line) => {
      const [name = '', scmState = '', exit = '', ...path] = line.slice(MARK.length).split('|');
      const binary = binaryOfPathName(path.join('|'));
      const exitCode = /^\d+$/.test(exit) ? Number(exit) : undefined;
      return {
        name,
        scmState,
        exitCode,
        state: stateOfScm(scmState.toUpperCase().replace(/ /g, '_'), exitCode),
        binary,
        serviceDir: serviceDirOfBinary(binary),
      };
    });
}

/** Asks the SCM (Win32_Service) for every service whose binary is a kl_feed_service.exe. */
export async function queryScmServices(commands: WindowsCommands, options: CallOptions = {}): Promise<ScmQuery> {
  const result = await commands.run(SCRIPT, options);
  if (result.code !== 0)
    return {
      services: [],
      failure: `Get-CimInstance Win32_Service: exit ${result.code ?? 'none'} ${firstErrorLine(result.stderr)}`.trim(),
    };
  return { services: parseScmServices(outputLines(result.stdout)) };
}

/** `<serviceDir>\bin\kl_feed_service.exe`. */
export function binaryPathOf(serviceDir: string): string {
  return windowsPaths.join(windowsPaths.join(serviceDir, 'bin'), FEED_SERVICE_EXE);
}

/** The service whose binary is exactly `<serviceDir>\bin\kl_feed_service.exe` (case-insensitive, as Windows paths are). */
export function serviceOfDir(services: readonly ScmService[], serviceDir: string): ScmService[] {
  const wanted = binaryPathOf(serviceDir).toLowerCase();
  return services.filter((service) => service.binary.toLowerCase() === wanted);
}

/** One service in one line for reports: `SCM service cybertrace (C:\...\kl_feed_service.exe): Stopped, exit code 1067`. */
export function describeScmService(service: ScmService): string {
  return `SCM service ${service.name} (${service.binary}): ${service.scmState}${service.exitCode ? `, exit code ${service.exitCode}` : ''}`;
}
