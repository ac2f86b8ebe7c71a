// Detects the host's OS and shell (and privilege) with one probe that is harmless on both, then builds its dialect.
import type { SshSession } from '../../ssh/session/index.js';
import { LinuxDialect } from '../linux/linux-dialect.js';
import { WindowsDialect } from '../windows/windows-dialect.js';
import { HostError } from './errors.js';
import { probeHost } from './host-probe.js';
import type { DialectOptions, HostDetection, HostDialect, HostOs } from './types.js';

/**
 * OS and shell only (host-probe.ts): `uname -s` for sh, the PowerShell probe for cmd.exe in the same
 * command line; PowerShell confirms Windows. No host bound: `timeout` means something else on Windows;
 * the session's own bound applies.
 */
export async function detectHost(session: SshSession, options: { timeoutMs?: number } = {}): Promise<HostDetection> {
  return (await probeHost(session, { ...options, privilege: false })).detection;
}

/** Options of openDialect. */
export interface OpenDialectOptions extends DialectOptions {
  /** The project's `os` for this instance: a detected OS that differs is an 'os-mismatch' error. */
  readonly expectedOs?: HostOs;
  /**
   * Probe privilege in the same first command (default true), so a later detectPrivilege costs no
   * round trip. `sudo -S` with the login password is part of it only when `expectedOs` is 'linux' and
   * no `sudoPassword` provider is given (a provider may ask a person; it is asked only when needed).
   */
  readonly probePrivilege?: boolean;
}

/** Detects the host and returns its dialect; refuses a host whose OS is not the one the project says. */
export async function openDialect(session: SshSession, options: OpenDialectOptions = {}): Promise<HostDialect> {
  const loginPassword = options.expectedOs === 'linux' && options.sudoPassword === undefined ? session.loginPassword() : undefined;
  const probe = await probeHost(session, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    privilege: options.probePrivilege !== false,
    ...(loginPassword === undefined ? {} : { sudoPassword: loginPassword }),
  });
  const { detection } = probe;
  if (options.expectedOs !== undefined && options.expectedOs !== detection.os) {
    throw new HostError(
      'os-mismatch',
      `${session.target.instance}: the project says ${options.expectedOs}, but the host runs ${detection.os} (${detection.system})`,
    );
  }
  return detection.os === 'linux'
    ? new LinuxDialect(session, detection, options, probe.linuxRoot)
    : new WindowsDialect(session, detection, options, probe.windowsAdmin);
}
