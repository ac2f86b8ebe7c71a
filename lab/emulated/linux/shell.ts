// The emulated /bin/sh: runs a parsed script with pipelines, redirections, and-or lists, `if` and `for`.
import type { CommandIo, SessionContext } from '../context.js';
import { ConnectionDropped, VfsError } from '../fs/errors.js';
import { BufferInput } from '../io/input.js';
import { BufferSink } from '../io/sinks.js';
import type { ExpansionScope } from './expand.js';
import { expandSingle, expandWord } from './expand.js';
import type { AndOr, Command, ForClause, IfClause, Pipeline, Script, SimpleCommand } from './parse.js';
import { parseScript } from './parse.js';
import { applyRedirections, RedirectionError } from './redirect.js';
import { findCommand } from './registry.js';
import type { ShellState } from './state.js';
import { newShell, shellCaller } from './state.js';
import { NotEmulated, ShellSyntaxError } from './tokenize.js';

/** Runs an exec request's command string with the login user's sh. */
export function runLinuxCommandLine(command: string, io: CommandIo, session: SessionContext): Promise<number> {
  return runScriptText(command, io, newShell(session, false));
}

/** Parses and runs a script in a shell; syntax errors and unemulated syntax exit 2 before anything runs. */
export async function runScriptText(source: string, io: CommandIo, state: ShellState): Promise<number> {
  let script: Script;
  try {
    script = parseScript(source);
  } catch (error) {
    if (error instanceof ShellSyntaxError) io.stderr.write(`sh: 1: Syntax error: ${error.message}\n`);
    else if (error instanceof NotEmulated) io.stderr.write(`sh: 1: ${error.message}: not emulated by the lab\n`);
    else throw error;
    return 2;
  }
  return runList(script, io, state);
}

async function runList(script: Script, io: CommandIo, state: ShellState): Promise<number> {
  for (const list of script) {
    await runAndOr(list, io, state);
    if (state.exitRequested) break;
  }
  return state.status;
}

function scope(state: ShellState): ExpansionScope {
  const listDir = (dir: string): string[] | null => {
    const { vfs } = state.session.host;
    try {
      return vfs.readdir(vfs.normalize(dir, state.cwd), shellCaller(state));
    } catch (error) {
      if (error instanceof VfsError) return null;
      throw error;
    }
  };
  return { vars: state.vars, positional: state.positional, status: state.status, home: state.vars.get('HOME') ?? '/', listDir };
}

// `if`: the first condition that exits 0 runs its body; none and no else is status 0, as in dash.
async function runIf(clause: IfClause, io: CommandIo, state: ShellState): Promise<number> {
  for (const { condition, body } of clause.branches) {
    await runList(condition, io, state);
    if (state.exitRequested) return state.status;
    if (state.status === 0) return runList(body, io, state);
  }
  if (clause.elseBody) return runList(clause.elseBody, io, state);
  return 0;
}

async function runFor(clause: ForClause, io: CommandIo, state: ShellState): Promise<number> {
  let values: string[];
  try {
    values = clause.words.flatMap((word) => expandWord(word, scope(state)));
  } catch (error) {
    if (!(error instanceof NotEmulated)) throw error;
    io.stderr.write(`sh: 1: ${error.message}: not emulated by the lab\n`);
    return 2;
  }
  let status = 0;
  for (const value of values) {
    state.vars.set(clause.name, value);
    status = await runList(clause.body, io, state);
    if (state.exitRequested) break;
  }
  return status;
}

function runCommand(command: Command, io: CommandIo, state: ShellState): Promise<number> {
  if ('kind' in command) return command.kind === 'if' ? runIf(command, io, state) : runFor(command, io, state);
  return runSimple(command, io, state);
}

async function runAndOr(list: AndOr, io: CommandIo, state: ShellState): Promise<void> {
  state.status = await runPipeline(list.first, io, state);
  for (const { op, pipeline } of list.rest) {
    if (state.exitRequested) return;
    if ((op === '&&') !== (state.status === 0)) continue;
    state.status = await runPipeline(pipeline, io, state);
  }
}

// Stages run one after the other, each reading the previous one's whole output (no streaming).
async function runPipeline(pipeline: Pipeline, io: CommandIo, state: ShellState): Promise<number> {
  let input = io.stdin;
  let status = 0;
  for (const [index, command] of pipeline.commands.entries()) {
    const last = index === pipeline.commands.length - 1;
    const sink = last ? io.stdout : new BufferSink();
    status = await runCommand(command, { stdin: input, stdout: sink, stderr: io.stderr }, state);
    if (sink instanceof BufferSink) input = new BufferInput(sink.bytes());
  }
  return pipeline.negated ? (status === 0 ? 1 : 0) : status;
}

async function runSimple(command: SimpleCommand, io: CommandIo, state: ShellState): Promise<number> {
  let argv: string[];
  try {
    argv = command.words.flatMap((word) => expandWord(word, scope(state)));
    for (const { name, value } of command.assignments) {
      // Prefix assignments (`LC_ALL=C cmd`) have no effect on the emulated tools; bare ones set variables.
      if (command.words.length === 0) state.vars.set(name, expandSingle(value, scope(state)));
    }
  } catch (error) {
    if (!(error instanceof NotEmulated)) throw error;
    io.stderr.write(`sh: 1: ${error.message}: not emulated by the lab\n`);
    return 2;
  }
  let redirected;
  try {
    redirected = applyRedirections(command.redirections, io, state, (word) => expandSingle(word, scope(state)));
  } catch (error) {
    if (!(error instanceof RedirectionError)) throw error;
    io.stderr.write(`sh: 1: ${error.message}\n`);
    return 2;
  }
  try {
    const [name, ...args] = argv;
    if (name === undefined) return 0;
    const found = findCommand(name, true, state);
    if (!found) {
      redirected.io.stderr.write(`sh: 1: ${name}: not found\n`);
      return 127;
    }
    return await found.impl({ name, args, io: redirected.io, state });
  } catch (error) {
    if (error instanceof ConnectionDropped || !(error instanceof VfsError)) throw error;
    // A write to a redirected file failed (disk full): the tool reports it and gives up.
    const tool = (argv[0] ?? 'sh').replace(/^.*\//, '');
    redirected.io.stderr.write(`${tool}: write error: ${error.text}\n`);
    return 1;
  } finally {
    redirected.close();
  }
}
