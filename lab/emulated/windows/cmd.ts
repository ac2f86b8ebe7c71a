// The emulated cmd.exe: Windows OpenSSH's default shell runs each exec string as `cmd /c`.
import type { CommandIo, SessionContext } from '../context.js';
import { callerFor } from '../context.js';
import { VfsError } from '../fs/errors.js';
import type { WriteFile } from '../fs/write-file.js';
import { openWrite } from '../fs/write-file.js';
import { BufferInput } from '../io/input.js';
import type { Sink } from '../io/sinks.js';
import { FileSink, NULL_SINK } from '../io/sinks.js';
import { CmdNotEmulated, expandPercent, extractRedirections, firstToken, splitArgv, splitCommands } from './cmd-line.js';
import { windowsEnvironment } from './environment.js';
import { findProgram, writeText } from './native.js';
import { programs } from './programs.js';

/** cmd's exit code for a command it cannot find. */
export const NOT_RECOGNIZED = 9009;

/** Runs an exec request's command string as `cmd /c` would. */
export function runCmdLine(command: string, io: CommandIo, session: SessionContext): Promise<number> {
  return runCmd(command, io, session, windowsEnvironment(session.host));
}

/** Runs a cmd command line: `a & b`, `a && b`, `a || b`. */
export async function runCmd(line: string, io: CommandIo, session: SessionContext, env: Map<string, string>): Promise<number> {
  let parts;
  try {
    parts = splitCommands(expandPercent(line, env));
  } catch (error) {
    if (!(error instanceof CmdNotEmulated)) throw error;
    writeText(io.stderr, `The lab's emulated cmd.exe does not support ${error.message}.\r\n`);
    return 1;
  }
  let code = 0;
  let op: '&' | '&&' | '||' | null = null;
  for (const part of parts) {
    if (op === null || op === '&' || (op === '&&') === (code === 0)) code = await runOne(part.text, io, session, env);
    op = part.next;
  }
  return code;
}

function redirect(text: string, io: CommandIo, session: SessionContext): { text: string; io: CommandIo; opened: WriteFile[] } | string {
  const { text: rest, redirections } = extractRedirections(text);
  const vfs = session.host.vfs;
  const outputs: Record<number, Sink> = { 1: io.stdout, 2: io.stderr };
  let stdin = io.stdin;
  const opened: WriteFile[] = [];
  for (const { fd, append, target } of redirections) {
    if (target.startsWith('&')) {
      outputs[fd] = outputs[Number(target.slice(1))] ?? NULL_SINK;
    } else if (target.toLowerCase() === 'nul') {
      if (fd === 0) stdin = new BufferInput();
      else outputs[fd] = NULL_SINK;
    } else {
      try {
        const path = vfs.normalize(target);
        if (fd === 0) stdin = new BufferInput(vfs.readFile(path, callerFor(session, true)));
        else {
          const file = openWrite(vfs, path, callerFor(session, true), { create: true, truncate: !append, append });
          opened.push(file);
          outputs[fd] = new FileSink(file);
        }
      } catch (error) {
        opened.forEach((file) => file.close());
        if (!(error instanceof VfsError)) throw error;
        return error.code === 'ENOENT' ? 'The system cannot find the path specified.' : 'Access is denied.';
      }
    }
  }
  return { text: rest, io: { stdin, stdout: outputs[1] ?? NULL_SINK, stderr: outputs[2] ?? NULL_SINK }, opened };
}

async function runOne(text: string, io: CommandIo, session: SessionContext, env: Map<string, string>): Promise<number> {
  const redirected = redirect(text, io, session);
  if (typeof redirected === 'string') {
    writeText(io.stderr, `${redirected}\r\n`);
    return 1;
  }
  try {
    const { name, raw, rest } = firstToken(redirected.text);
    const out = redirected.io;
    const builtin = name.toLowerCase();
    if (name === '') return 0;
    if (builtin === 'echo' || builtin === 'echo.') {
      const said = rest.replace(/^[\s,;=]/, '');
      writeText(out.stdout, builtin === 'echo.' ? '\r\n' : said === '' ? 'ECHO is on.\r\n' : `${said}\r\n`);
      return 0;
    }
    if (builtin === 'ver') {
      writeText(out.stdout, '\r\nMicrosoft Windows [Version 10.0.20348.2582]\r\n');
      return 0;
    }
    if (builtin === 'rem') return 0;
    if (builtin === 'exit') return Number(/^\s*(?:\/b\s*)?(-?\d+)?/i.exec(rest)?.[1] ?? 0);
    const program = findProgram(name, session, programs());
    if (!program) {
      writeText(out.stderr, `'${raw}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`);
      return NOT_RECOGNIZED;
    }
    return await program({ args: splitArgv(rest), rawArgs: rest.replace(/^\s/, ''), io: out, session, env });
  } finally {
    redirected.opened.forEach((file) => file.close());
  }
}
