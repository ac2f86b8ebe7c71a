// Every Windows command the engine runs: a PowerShell script sent as -EncodedCommand, whatever the default shell.
import type { ExecResult, SshSession } from '../../ssh/session/index.js';
import { encodedPowerShell } from '../quoting/encoded-powershell.js';
import { withDeadline } from '../dialect/deadline.js';
import { HostCommandError, commandFailureReason, stderrText } from '../dialect/errors.js';

/** Options of one script. */
export interface ScriptOptions {
  readonly timeoutMs?: number;
  /** Byte cap on stdout + stderr (the session's exec cap when absent): a program whose output is not documented gets a small one. */
  readonly maxOutputBytes?: number;
}

/** The lines a script printed (CRLF or LF), without the empty tail. */
export function outputLines(stdout: Buffer): string[] {
  const lines = stdout
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Runs scripts through encodedPowerShell (the preamble sets UTF-8 output and makes errors stop the
 * script). There is no host-side bound: Windows has no `timeout` that kills a process tree the way
 * coreutils does, so only the session's bound applies (docs/HOST-DIALECTS.md).
 */
export class WindowsCommands {
  constructor(
    private readonly session: SshSession,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** Runs a script and resolves with any exit status. */
  run(script: string, options: ScriptOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const firstLine = script.split('\n', 1)[0] ?? '';
    const cap = options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes };
    return withDeadline(
      this.session.exec(encodedPowerShell(script), { timeoutMs, hostBound: false, ...cap }),
      timeoutMs,
      `PowerShell ${firstLine.slice(0, 80)}`,
    );
  }

  /** Runs a script; a non-zero exit becomes a HostCommandError whose reason comes from the error record. */
  async check(what: string, script: string, options: ScriptOptions = {}): Promise<ExecResult> {
    const result = await this.run(script, options);
    if (result.code !== 0)
      throw new HostCommandError(
        what,
        result.code,
        firstErrorLine(result.stderr),
        commandFailureReason(result.code, result.stderr.toString('utf8'), false),
      );
    return result;
  }
}

/** The message line of a PowerShell error record (`Cmdlet : message`), without the position lines. */
export function firstErrorLine(stderr: Buffer): string {
  const text = stderrText(stderr, 2000);
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.length > 400 ? `${line.slice(0, 400)}…` : line.trim();
}
