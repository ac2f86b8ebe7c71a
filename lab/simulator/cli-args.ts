import { isAbsolute, resolve } from 'node:path';

/** The simulator's command line, as `-h` prints it. */
export const USAGE = `usage: kl_feed_service --bin-dir DIR -c CONFIG [-p PIDFILE] [-w] [--log FILE]
                       [--bind-address IP] [--ready-delay-ms N] [--refuse-if-config-changed-from SHA256]
                       [--rest-port N [--rest-data FILE] | --lab-rest-port N] [--lab-version X.Y]
       kl_feed_service [--bin-dir DIR] [--lab-version X.Y] -v | -h
CyberTrace lab simulator of kl_feed_service. Relative -c and -p paths resolve from --bin-dir.
Lab-only: --bind-address (listen IP instead of InputSettings/ConnectionString's), --ready-delay-ms
(feed loading time, default 1000), --refuse-if-config-changed-from (fault refuse-start), --log,
--rest-port (serve POST /api/<v>/lookup over HTTPS on this port; 0 picks one), --rest-data (users and
FalsePositive/InternalTI lists, default ../httpsrv/lab_rest.json from --bin-dir), --lab-rest-port (as
--rest-port with the default data file, but a REST endpoint that cannot start is a warning, not a refusal:
the lab launcher's default), --lab-version (what
-v prints: "Kaspersky CyberTrace Service X.Y (CyberTrace HA lab simulator)").
`;

/** What `-v` prints before the version: the product name the help uses from 4.1 on (REFERENCE 1.1). The line's format is undocumented. */
export const VERSION_PREFIX = 'Kaspersky CyberTrace Service';

/** CyberTrace versions the lab passes with `--lab-version`: dotted numbers only, so `-v` never prints something no real binary would. */
const LAB_VERSION = /^\d+\.\d+(?:\.\d+)*$/;

/**
 * The line `-v` prints (REFERENCE 2.1 documents `-v` as "version", not its output): the lab's version
 * when the launcher passed `--lab-version`, else no number at all, so nobody reads a made-up one.
 */
export function versionLine(version: string | undefined): string {
  return version === undefined
    ? `${VERSION_PREFIX} (CyberTrace HA lab simulator, version not set)`
    : `${VERSION_PREFIX} ${version} (CyberTrace HA lab simulator)`;
}

/** Settings of a run, with paths already resolved. */
export interface RunOptions {
  readonly binDir: string;
  readonly configPath: string;
  readonly pidFile: string | undefined;
  readonly logFile: string | undefined;
  readonly bindAddress: string | undefined;
  readonly readyDelayMs: number;
  readonly refuseIfConfigChangedFrom: string | undefined;
  /** `-w` is accepted for fidelity; no watchdog is simulated. */
  readonly watchdog: boolean;
  /** The lab's REST endpoint, only with `--rest-port`. */
  readonly rest: { readonly port: number; readonly dataFile: string | undefined; readonly optional?: true } | undefined;
}

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version'; readonly version: string | undefined }
  | { readonly kind: 'run'; readonly options: RunOptions };

/** A command line the simulator cannot run (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const WITH_VALUE = new Set([
  '--bin-dir',
  '-c',
  '-p',
  '--log',
  '--bind-address',
  '--ready-delay-ms',
  '--refuse-if-config-changed-from',
  '--rest-port',
  '--rest-data',
  '--lab-rest-port',
  '--lab-version',
]);

/** Parses argv (without node and script); throws UsageError on anything unknown or malformed. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = new Map<string, string>();
  let watchdog = false;
  let version = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    // The launcher puts --bin-dir and --lab-version before the caller's arguments: -v is answered after reading them.
    if (arg === '-v' || arg === '--version') version = true;
    else if (arg === '-w') watchdog = true;
    else if (WITH_VALUE.has(arg)) {
      const value = argv[index + 1];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      values.set(arg, value);
      index += 1;
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  const labVersion = values.get('--lab-version');
  if (labVersion !== undefined && !LAB_VERSION.test(labVersion))
    throw new UsageError(`--lab-version expects a dotted version such as 4.4, got ${labVersion}`);
  if (version) return { kind: 'version', version: labVersion };
  const binDirArg = values.get('--bin-dir');
  const config = values.get('-c');
  if (binDirArg === undefined) throw new UsageError('--bin-dir is required: relative paths resolve from it');
  if (config === undefined) throw new UsageError('-c CONFIG is required');
  const binDir = resolve(binDirArg);
  const fromBin = (path: string) => (isAbsolute(path) ? path : resolve(binDir, path));
  const bindAddress = values.get('--bind-address');
  if (bindAddress !== undefined && !/^(\d{1,3})(\.\d{1,3}){3}$/.test(bindAddress))
    throw new UsageError(`--bind-address expects an IPv4 address, got ${bindAddress}`);
  const delay = values.get('--ready-delay-ms') ?? '1000';
  if (!/^\d{1,7}$/.test(delay)) throw new UsageError(`--ready-delay-ms expects milliseconds, got ${delay}`);
  const hash = values.get('--refuse-if-config-changed-from');
  if (hash !== undefined && !/^[0-9a-fA-F]{64}$/.test(hash))
    throw new UsageError('--refuse-if-config-changed-from expects a SHA-256 in hex');
  const pidFile = values.get('-p');
  const logFile = values.get('--log');
  const restPort = values.get('--rest-port');
  if (restPort !== undefined && (!/^\d{1,5}$/.test(restPort) || Number(restPort) > 65535))
    throw new UsageError(`--rest-port expects a port 0-65535, got ${restPort}`);
  const restData = values.get('--rest-data');
  if (restData !== undefined && restPort === undefined) throw new UsageError('--rest-data needs --rest-port');
  const labRestPort = values.get('--lab-rest-port');
  if (labRestPort !== undefined && restPort !== undefined) throw new UsageError('--lab-rest-port and --rest-port cannot both be given');
  if (labRestPort !== undefined && (!/^\d{1,5}$/.test(labRestPort) || Number(labRestPort) > 65535))
    throw new UsageError(`--lab-rest-port expects a port 0-65535, got ${labRestPort}`);
  return {
    kind: 'run',
    options: {
      binDir,
      configPath: fromBin(config),
      pidFile: pidFile === undefined ? undefined : fromBin(pidFile),
      // --log is lab-only, so it resolves like any other tool's path: from the working directory.
      logFile: logFile === undefined ? undefined : resolve(logFile),
      bindAddress,
      readyDelayMs: Number(delay),
      refuseIfConfigChangedFrom: hash?.toLowerCase(),
      watchdog,
      rest:
        labRestPort !== undefined
          ? { port: Number(labRestPort), dataFile: undefined, optional: true }
          : restPort === undefined
            ? undefined
            : { port: Number(restPort), dataFile: restData === undefined ? undefined : fromBin(restData) },
    },
  };
}
