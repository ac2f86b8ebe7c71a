// Command resolution and invocation: aliases, cmdlets, native programs (sc.exe, whoami, kl_control.bat).
import { BufferInput } from '../../io/input.js';
import { BufferSink } from '../../io/sinks.js';
import { findProgram } from '../native.js';
import { programs } from '../programs.js';
import type { CommandElement } from './ast.js';
import type { BoundArg, ErrorAction } from './binder.js';
import { bind } from './binder.js';
import { CMDLETS } from './cmdlet-table.js';
import type { CmdletContext } from './cmdlet.js';
import { PsError, commandNotFound } from './errors.js';
import { evaluate } from './evaluate.js';
import type { Interpreter } from './interpreter.js';
import type { PsValue } from './values.js';
import { toText } from './values.js';

/** PowerShell 5.1's built-in aliases for the emulated cmdlets (`sc` is Set-Content, not sc.exe). */
const ALIASES: Record<string, string> = {
  gc: 'get-content',
  cat: 'get-content',
  type: 'get-content',
  sc: 'set-content',
  echo: 'write-output',
  write: 'write-output',
  ls: 'get-childitem',
  dir: 'get-childitem',
  gci: 'get-childitem',
  cp: 'copy-item',
  copy: 'copy-item',
  cpi: 'copy-item',
  mv: 'move-item',
  move: 'move-item',
  mi: 'move-item',
  rm: 'remove-item',
  del: 'remove-item',
  erase: 'remove-item',
  ri: 'remove-item',
  rd: 'remove-item',
  rmdir: 'remove-item',
  gi: 'get-item',
  ni: 'new-item',
  gsv: 'get-service',
  sasv: 'start-service',
  spsv: 'stop-service',
  gdr: 'get-psdrive',
  select: 'select-object',
};

async function evaluateArgs(interp: Interpreter, element: CommandElement): Promise<BoundArg[]> {
  const args: BoundArg[] = [];
  for (const arg of element.args) {
    if (arg.kind === 'value') args.push({ kind: 'value', value: await evaluate(arg.expr, interp) });
    else
      args.push({
        kind: 'param',
        name: arg.name,
        hasValue: arg.value !== undefined,
        ...(arg.value ? { value: await evaluate(arg.value, interp) } : {}),
      });
  }
  return args;
}

// How a native program sees PowerShell's arguments: strings, blanks quoted (5.1 does not escape inner quotes).
function nativeArgs(args: readonly BoundArg[]): string[] {
  return args.map((arg) =>
    arg.kind === 'value' ? toText(arg.value) : arg.hasValue ? `-${arg.name}:${toText(arg.value ?? null)}` : `-${arg.name}`,
  );
}

/** Runs one command of a pipeline with the previous element's output as input. */
export async function runCommand(interp: Interpreter, element: CommandElement, input: PsValue[] | null): Promise<PsValue[]> {
  try {
    const name = toText(await evaluate(element.name, interp));
    const args = await evaluateArgs(interp, element);
    const key = name.toLowerCase();
    const cmdlet = CMDLETS.get(ALIASES[key] ?? key);
    if (cmdlet) return await runCmdlet(interp, element, cmdlet, args, input);
    const program = findProgram(name, interp.session, programs());
    if (!program) throw commandNotFound(name);
    if (input !== null)
      throw new PsError(`Piping into the native program '${name}' is not emulated by the lab.`, {
        category: 'NotImplemented',
        errorId: 'NotEmulatedByLab',
        exception: 'NotSupportedException',
        activity: name,
      });
    const argv = nativeArgs(args);
    const stdout = new BufferSink();
    const stderr = new BufferSink();
    const code = await program({
      args: argv,
      rawArgs: argv.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(' '),
      io: { stdin: new BufferInput(), stdout, stderr },
      session: interp.session,
      env: interp.env,
    });
    interp.console.raw(stderr.bytes());
    interp.state.lastExitCode = code;
    interp.state.success = code === 0;
    // PowerShell reads a native program's stdout as lines of text.
    const text = stdout.bytes().toString('latin1');
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  } catch (error) {
    if (error instanceof PsError && !error.span) error.span = element.span;
    throw error;
  }
}

async function runCmdlet(
  interp: Interpreter,
  element: CommandElement,
  cmdlet: NonNullable<ReturnType<typeof CMDLETS.get>>,
  args: BoundArg[],
  input: PsValue[] | null,
): Promise<PsValue[]> {
  let bound;
  try {
    bound = bind(cmdlet.params, args);
  } catch (error) {
    if (error instanceof PsError) Object.assign(error.info, { activity: cmdlet.name });
    throw error;
  }
  if (input !== null && !cmdlet.acceptsInput && input.length > 0) {
    throw new PsError(
      'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
      { category: 'InvalidArgument', errorId: 'InputObjectNotBound', exception: 'ParameterBindingException', activity: cmdlet.name },
    );
  }
  const action: ErrorAction = bound.errorAction ?? interp.state.errorActionPreference;
  let failed = false;
  const context: CmdletContext = {
    name: cmdlet.name,
    bound: bound.bound,
    input,
    session: interp.session,
    vfs: interp.session.host.vfs,
    cwd: interp.cwd,
    writeHost: (text) => interp.console.host(text),
    error: (error) => {
      failed = true;
      Object.assign(error.info, { activity: error.info.activity ?? cmdlet.name });
      error.span ??= element.span;
      // -ErrorAction Stop turns the error into one that ends the script (ActionPreferenceStopException).
      if (action === 'Stop') {
        const stop = new PsError(error.message, error.info, true);
        stop.span = error.span;
        throw stop;
      }
      if (action === 'Continue') interp.console.error(error);
    },
  };
  try {
    const values = await cmdlet.run(context);
    interp.state.success = !failed;
    return values;
  } catch (error) {
    if (error instanceof PsError && error.info.activity === undefined) Object.assign(error.info, { activity: cmdlet.name });
    throw error;
  }
}
