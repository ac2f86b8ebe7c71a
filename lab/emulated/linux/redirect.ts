// Redirections of one simple command: `> f`, `>> f`, `< f`, `2>&1`, `>&2`, /dev/null.
import type { CommandIo } from '../context.js';
import { VfsError } from '../fs/errors.js';
import type { WriteFile } from '../fs/write-file.js';
import { openWrite } from '../fs/write-file.js';
import type { InputSource } from '../io/input.js';
import { BufferInput } from '../io/input.js';
import type { Sink } from '../io/sinks.js';
import { FileSink, NULL_SINK } from '../io/sinks.js';
import type { Redirection } from './parse.js';
import type { ShellState } from './state.js';
import { shellCaller } from './state.js';
import type { Word } from './tokenize.js';

/** A redirection that failed before the command ran (dash prints it and gives status 2). */
export class RedirectionError extends Error {}

// dash's own short messages for open failures.
function dashReason(error: unknown, creating: boolean): string {
  if (!(error instanceof VfsError)) throw error;
  if (error.code === 'ENOENT') return creating ? 'Directory nonexistent' : 'No such file';
  return error.text;
}

/** Applies redirections in order; close() closes the files they opened. */
export function applyRedirections(
  redirections: readonly Redirection[],
  io: CommandIo,
  state: ShellState,
  expand: (word: Word) => string,
): { io: CommandIo; close(): void } {
  let stdin: InputSource = io.stdin;
  const outputs: Record<number, Sink> = { 1: io.stdout, 2: io.stderr };
  const opened: WriteFile[] = [];
  const vfs = state.session.host.vfs;
  const close = (): void => opened.forEach((file) => file.close());
  try {
    for (const { fd, op, target: word } of redirections) {
      const target = expand(word);
      if (op === '>&' || op === '<&') {
        const from = outputs[Number(target)];
        if (op === '<&' || !/^[12]$/.test(target) || !from || (fd !== 1 && fd !== 2))
          throw new RedirectionError(`${fd}${op}${target}: redirection not emulated by the lab`);
        outputs[fd] = from;
      } else if (op === '<') {
        if (fd !== 0) throw new RedirectionError(`${fd}<: redirection not emulated by the lab`);
        if (target === '/dev/null') stdin = new BufferInput();
        else {
          try {
            stdin = new BufferInput(vfs.readFile(vfs.normalize(target, state.cwd), shellCaller(state)));
          } catch (error) {
            throw new RedirectionError(`cannot open ${target}: ${dashReason(error, false)}`);
          }
        }
      } else {
        if (fd !== 1 && fd !== 2) throw new RedirectionError(`${fd}${op}: redirection not emulated by the lab`);
        if (target === '/dev/null') outputs[fd] = NULL_SINK;
        else if (target === '/dev/stdout' || target === '/dev/stderr') outputs[fd] = outputs[target === '/dev/stdout' ? 1 : 2] ?? NULL_SINK;
        else {
          let file: WriteFile;
          try {
            file = openWrite(vfs, vfs.normalize(target, state.cwd), shellCaller(state), {
              create: true,
              truncate: op === '>',
              append: op === '>>',
            });
          } catch (error) {
            throw new RedirectionError(`cannot create ${target}: ${dashReason(error, true)}`);
          }
          opened.push(file);
          outputs[fd] = new FileSink(file);
        }
      }
    }
  } catch (error) {
    close();
    throw error;
  }
  return { io: { stdin, stdout: outputs[1] ?? NULL_SINK, stderr: outputs[2] ?? NULL_SINK }, close };
}
