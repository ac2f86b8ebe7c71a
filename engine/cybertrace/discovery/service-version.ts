// CyberTrace's version as the service binary states it: `kl_feed_service -v` (REFERENCE 2.1, manual run,
// "-v (version)"). What the line looks like is undocumented: any line holding a dotted number is taken,
// and kept as written for the evidence.
import type { DiscoveryFacts } from '../../../shared/contract/ops/audit.js';
import type { HostDialect } from '../../hosts/dialect/index.js';
import { HostError } from '../../hosts/dialect/index.js';
import { LinuxDialect } from '../../hosts/linux/linux-dialect.js';
import { NulInCommandLineError, UnsafeNativeArgumentError } from '../../hosts/quoting/errors.js';
import { psNativeCall } from '../../hosts/quoting/powershell.js';
import { WindowsDialect } from '../../hosts/windows/windows-dialect.js';
import { FEED_SERVICE_EXE } from '../../hosts/windows/scm-service.js';
import { isSessionError } from '../../ssh/session/index.js';

/** A dotted version number (`4.4`, `5.1.0.123`) anywhere in a line. */
export const VERSION_PATTERN = /\d+\.\d+(?:\.\d+)*/;

/** Bounds of the run: the help says nothing about how much `-v` prints or how long it takes. */
export const VERSION_RUN = { timeoutMs: 15_000, maxOutputBytes: 16 * 1024 } as const;

// A line kept as evidence is cut here: the output is not ours to trust.
const MAX_LINE = 200;

/** The first line of `-v` output holding a dotted number: the number and the line (trimmed, cut at 200 characters). */
export function parseVersionOutput(text: string): { readonly version: string; readonly line: string } | undefined {
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    const match = VERSION_PATTERN.exec(line);
    if (match) return { version: match[0], line: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line };
  }
  return undefined;
}

/** `<serviceDir>/bin/kl_feed_service` (Linux) or `<serviceDir>\bin\kl_feed_service.exe` (Windows, REFERENCE 1.2: binaries in `bin`). */
export function serviceBinaryPath(dialect: Pick<HostDialect, 'os' | 'paths'>, serviceDir: string): string {
  return dialect.paths.join(dialect.paths.join(serviceDir, 'bin'), dialect.os === 'linux' ? 'kl_feed_service' : FEED_SERVICE_EXE);
}

/**
 * Runs the instance's own binary with `-v` as the login user (nothing is read or written with privilege),
 * bounded in time and output. Unknown, with the reason, when it does not run, exits non-zero, prints no
 * dotted number, or says too much; a lost connection still throws, like every host failure of discovery.
 */
export async function readServiceVersion(dialect: HostDialect, serviceDir: string): Promise<DiscoveryFacts['version']> {
  const binary = serviceBinaryPath(dialect, serviceDir);
  const shown = `${binary} -v`;
  let script: string | undefined;
  try {
    // A folder PowerShell 5.1 would not pass on unchanged (`"`, `%`) is not run at all.
    if (dialect instanceof WindowsDialect) script = psNativeCall(binary, ['-v']);
  } catch (error) {
    if (!(error instanceof UnsafeNativeArgumentError || error instanceof NulInCommandLineError)) throw error;
    return { evidence: `unknown: ${shown} was not run: ${error.message}` };
  }
  let result;
  try {
    if (dialect instanceof LinuxDialect) result = await dialect.commands.run([binary, '-v'], VERSION_RUN);
    else if (dialect instanceof WindowsDialect && script !== undefined) result = await dialect.commands.run(script, VERSION_RUN);
    else return { evidence: `unknown: no way to run ${shown} on this kind of host` };
  } catch (error) {
    const bounded =
      isSessionError(error, 'output-too-large') ||
      isSessionError(error, 'timeout') ||
      (error instanceof HostError && error.code === 'timeout');
    if (!bounded) throw error;
    return {
      evidence: `unknown: ${shown} ${isSessionError(error, 'output-too-large') ? `printed more than ${VERSION_RUN.maxOutputBytes} bytes` : `gave no answer within ${VERSION_RUN.timeoutMs / 1000} s`}`,
    };
  }
  const said = `${result.stdout.toString('utf8')}\n${result.stderr.toString('utf8')}`;
  const found = parseVersionOutput(said);
  if (result.code !== 0) {
    const first =
      said
        .split(/\r?\n/)
        .map((line) => line.trim())
        .find((line) => line !== '') ?? '';
    return {
      evidence: `unknown: ${shown} exited ${result.code ?? `by signal ${result.signal ?? '?'}`}${first ? ` (${JSON.stringify(first.slice(0, MAX_LINE))})` : ''}`,
    };
  }
  if (found === undefined) return { evidence: `unknown: ${shown} printed no dotted version number` };
  return { value: found.version, evidence: `${shown}: ${JSON.stringify(found.line)}` };
}
