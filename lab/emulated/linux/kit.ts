// What every emulated Linux command gets, and the helpers they share for messages and paths.
import type { CommandIo } from '../context.js';
import { VfsError } from '../fs/errors.js';
import type { Caller } from '../fs/policy.js';
import type { Vfs } from '../fs/vfs.js';
import type { ShellState } from './state.js';
import { shellCaller } from './state.js';

/** One invocation of a command. */
export interface CommandRun {
  /** argv[0] as typed (`cat`, `/usr/bin/cat`). */
  readonly name: string;
  readonly args: readonly string[];
  readonly io: CommandIo;
  readonly state: ShellState;
}

/** A command implementation; resolves with the exit status. */
export type CommandImpl = (run: CommandRun) => Promise<number>;

/** The tool name as it prints itself (`/usr/bin/cat` prints `cat:`). */
export function toolName(run: CommandRun): string {
  return run.name.slice(run.name.lastIndexOf('/') + 1);
}

/** Writes text to stdout. */
export function out(run: CommandRun, text: string | Buffer): void {
  run.io.stdout.write(text);
}

/** Writes `tool: message` to stderr and gives the status. */
export function fail(run: CommandRun, message: string, status = 1): number {
  run.io.stderr.write(`${toolName(run)}: ${message}\n`);
  return status;
}

/** The host's file system. */
export function vfsOf(run: CommandRun): Vfs {
  return run.state.session.host.vfs;
}

/** The command's file-system identity. */
export function callerOf(run: CommandRun): Caller {
  return shellCaller(run.state);
}

/** Resolves an operand against the working directory. */
export function pathOf(run: CommandRun, operand: string): string {
  return vfsOf(run).normalize(operand, run.state.cwd);
}

/** coreutils' quoting of a file name in messages (C locale): `'name'`. */
export function q(name: string): string {
  return `'${name.replace(/'/g, `'\\''`)}'`;
}

/** strerror() text of a file-system failure; anything else is rethrown (a bug or a dropped connection). */
export function reason(error: unknown): string {
  if (error instanceof VfsError) return error.text;
  throw error;
}

/** Splits `-abc` style options from operands; `--` ends options. Unknown letters are reported. */
export function parseFlags(args: readonly string[], known: string): { flags: Set<string>; operands: string[]; bad?: string } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let options = true;
  for (const arg of args) {
    if (options && arg === '--') {
      options = false;
    } else if (options && arg.startsWith('-') && arg.length > 1) {
      for (const letter of arg.slice(1)) {
        if (!known.includes(letter)) return { flags, operands, bad: letter };
        flags.add(letter);
      }
    } else {
      operands.push(arg);
    }
  }
  return { flags, operands };
}
