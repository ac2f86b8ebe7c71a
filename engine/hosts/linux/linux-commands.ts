// Every Linux command the engine runs: quoted argv, bounded on the host, privileged only when asked.
import type { ExecResult, SshSession } from '../../ssh/session/index.js';
import { shCommand } from '../quoting/posix.js';
import { withDeadline } from '../dialect/deadline.js';
import { HostCommandError, commandFailureReason, stderrText } from '../dialect/errors.js';

/** Seconds `timeout` waits after TERM before KILL. */
export const KILL_AFTER_SECONDS = 5;

/** How a command gets root: already root, sudo without a password, or sudo with the password on stdin. */
export type RootMethod = 'root' | 'sudo' | 'sudo-password';

/** Root method plus, for sudo-password, the password to write to stdin (never to argv). */
export interface RootAccess {
  readonly method: RootMethod;
  readonly password?: string;
}

/** The host-side bound, one second inside the session's, so the host ends a stuck command first (exit 124). */
export function hostBoundSeconds(timeoutMs: number): number {
  return Math.max(1, Math.ceil(timeoutMs / 1000) - 1);
}

/** `timeout --kill-after=5 N argv...`: closing an SSH channel does not reliably stop the remote process. */
export function boundedArgv(argv: readonly string[], timeoutMs: number): string[] {
  return ['timeout', `--kill-after=${KILL_AFTER_SECONDS}`, String(hostBoundSeconds(timeoutMs)), ...argv];
}

/** argv run as root: as is, `sudo -n --`, or `sudo -S -p '' --` (the caller writes the password line to stdin). */
export function privilegedArgv(method: RootMethod, argv: readonly string[]): string[] {
  switch (method) {
    case 'root':
      return [...argv];
    case 'sudo':
      return ['sudo', '-n', '--', ...argv];
    case 'sudo-password':
      return ['sudo', '-S', '-p', '', '--', ...argv];
  }
}

/** Options of one Linux command. */
export interface LinuxRunOptions {
  readonly timeoutMs?: number;
  /** Run as root through the host's detected method. */
  readonly privileged?: boolean;
  readonly stdin?: Buffer | string;
  /** The stdin is a secret (a sudo password probe): never recorded, redacted everywhere. */
  readonly secretStdin?: boolean;
  /** Byte cap on stdout + stderr (the session's exec cap when absent): a file read as root gets the file cap. */
  readonly maxOutputBytes?: number;
}

/** Runs argv over a session: quoted with shCommand, wrapped in `timeout`, with sudo when privileged. */
export class LinuxCommands {
  constructor(
    private readonly session: SshSession,
    private readonly defaultTimeoutMs: number,
    private readonly rootAccess: () => Promise<RootAccess>,
  ) {}

  /** Runs a command and resolves with any exit status. */
  async run(argv: readonly string[], options: LinuxRunOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let words = [...argv];
    let stdin = options.stdin;
    let secret = options.secretStdin === true;
    if (options.privileged) {
      const access = await this.rootAccess();
      words = privilegedArgv(access.method, words);
      if (access.method === 'sudo-password') {
        // sudo reads the first line of stdin as the password; whatever follows is the command's input.
        stdin = Buffer.concat([Buffer.from(`${access.password ?? ''}\n`), Buffer.from(options.stdin ?? '')]);
        secret = true;
      }
    }
    // hostBound false: the session must not wrap again (SessionDeps.boundCommand), we already did.
    const command = shCommand(boundedArgv(words, timeoutMs));
    const exec = this.session.exec(command, {
      timeoutMs,
      hostBound: false,
      ...(stdin === undefined ? {} : { stdin }),
      ...(secret ? { secretStdin: true } : {}),
      ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
    });
    return withDeadline(exec, timeoutMs, argv.join(' '));
  }

  /** Runs a command; a non-zero exit becomes a HostCommandError whose reason comes from stderr. */
  async check(what: string, argv: readonly string[], options: LinuxRunOptions = {}): Promise<ExecResult> {
    const result = await this.run(argv, options);
    if (result.code !== 0)
      throw new HostCommandError(
        what,
        result.code,
        stderrText(result.stderr),
        commandFailureReason(result.code, result.stderr.toString(), true),
      );
    return result;
  }
}
