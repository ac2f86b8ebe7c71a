// Runs a parsed script: statements, pipelines, variables, error actions, try/catch, exit codes.
import type { SessionContext } from '../../context.js';
import { callerFor } from '../../context.js';
import type { Sink } from '../../io/sinks.js';
import { envGet } from '../environment.js';
import type { Expr, Statement } from './ast.js';
import { runCommand } from './commands.js';
import { evaluate } from './evaluate.js';
import type { EvalHost } from './evaluate.js';
import { PsConsole } from './console.js';
import { ExitSignal, PsError } from './errors.js';
import { encodingObject } from './objects.js';
import { setStatic } from './types.js';
import type { TypeHost } from './types.js';
import type { PsValue } from './values.js';
import { PsObject, PsTypeRef, collapse, enumerate, toText, truthy } from './values.js';
import { SessionState } from './variables.js';

/** One powershell.exe process. */
export class Interpreter implements EvalHost {
  /** Variables, `$?`, `$LASTEXITCODE` and `$ErrorActionPreference`. */
  readonly state: SessionState;
  readonly types: TypeHost;
  /** stdout and stderr in the console encoding. */
  readonly console: PsConsole;
  readonly cwd: string;
  private tryDepth = 0;

  constructor(
    readonly script: string,
    readonly session: SessionContext,
    readonly env: Map<string, string>,
    stdout: Sink,
    stderr: Sink,
  ) {
    this.cwd = session.host.vfs.home;
    this.state = new SessionState(env, this.cwd);
    const { instance, credentials } = session.host;
    this.types = {
      computer: instance.name.toUpperCase(),
      user: credentials.user,
      outputEncoding: encodingObject('cp437'),
      env: (name) => envGet(env, name),
      // .NET resolves a relative path against the process's directory, which is the home folder here.
      readAllBytes: (path) => {
        const { vfs } = session.host;
        return vfs.readFile(vfs.canonical(vfs.normalize(path, this.cwd)), callerFor(session, true));
      },
    };
    this.console = new PsConsole(script, stdout, stderr, this.types);
  }

  /** Runs the script; resolves with powershell.exe's exit code. */
  async run(body: readonly Statement[]): Promise<number> {
    try {
      await this.block(body, (values) => this.console.output(values));
    } catch (error) {
      if (error instanceof ExitSignal) return error.code;
      if (!(error instanceof PsError)) throw error;
      this.console.error(error);
      return 1;
    }
    return this.state.success ? 0 : 1;
  }

  /** True when a terminating error must travel up (inside try, or $ErrorActionPreference = 'Stop'). */
  propagates(error: PsError): boolean {
    return error.scriptTerminating || this.tryDepth > 0 || this.state.errorActionPreference === 'Stop';
  }

  async collect(body: readonly Statement[]): Promise<PsValue[]> {
    const values: PsValue[] = [];
    await this.block(body, (out) => values.push(...out));
    return values;
  }

  private async block(body: readonly Statement[], emit: (values: PsValue[]) => void): Promise<void> {
    for (const statement of body) {
      try {
        emit(await this.statement(statement, emit));
      } catch (error) {
        if (!(error instanceof PsError) || this.propagates(error)) throw error;
        // A statement-terminating error: report it and go on with the next statement.
        this.console.error(error);
        this.state.success = false;
      }
    }
  }

  private async statement(statement: Statement, emit: (values: PsValue[]) => void): Promise<PsValue[]> {
    switch (statement.kind) {
      case 'pipeline':
        return this.pipeline(statement);
      case 'assign': {
        const value = collapse(await this.statement(statement.value, emit));
        await this.assign(statement.target, value);
        return [];
      }
      case 'exit': {
        const value = statement.value ? await evaluate(statement.value, this) : 0;
        const code = Number(toText(value));
        throw new ExitSignal(Number.isInteger(code) ? code : 0);
      }
      case 'throw': {
        const value = statement.value ? await evaluate(statement.value, this) : 'ScriptHalted';
        const message = toText(value);
        const error = new PsError(
          message,
          { category: 'OperationStopped', errorId: message, exception: 'RuntimeException', target: message },
          true,
        );
        error.span = statement.span;
        throw error;
      }
      case 'if': {
        for (const clause of statement.clauses) {
          if (truthy(collapse(await this.statement(clause.condition, emit)))) {
            await this.block(clause.body, emit);
            return [];
          }
        }
        if (statement.elseBody) await this.block(statement.elseBody, emit);
        return [];
      }
      case 'try':
        await this.tryStatement(statement, emit);
        return [];
      case 'foreach': {
        // The collection is evaluated once, then the body runs for each item with the variable set.
        for (const item of await this.statement(statement.collection, emit)) {
          this.state.write(statement.variable, item);
          await this.block(statement.body, emit);
        }
        return [];
      }
    }
  }

  private async tryStatement(statement: Statement & { kind: 'try' }, emit: (values: PsValue[]) => void): Promise<void> {
    try {
      this.tryDepth += 1;
      try {
        await this.block(statement.body, emit);
      } finally {
        this.tryDepth -= 1;
      }
    } catch (error) {
      if (!(error instanceof PsError) || !statement.catchBody) throw error;
      const previous = this.state.vars.get('_') ?? null;
      this.state.vars.set('_', errorRecord(error));
      try {
        await this.block(statement.catchBody, emit);
      } finally {
        this.state.vars.set('_', previous);
      }
    } finally {
      if (statement.finallyBody) await this.block(statement.finallyBody, emit);
    }
  }

  private async pipeline(statement: Statement & { kind: 'pipeline' }): Promise<PsValue[]> {
    let values: PsValue[] | null = null;
    for (const element of statement.elements) {
      if (element.kind === 'expr') {
        values = enumerate(await evaluate(element.expr, this));
        this.state.success = true;
      } else values = await runCommand(this, element, values);
    }
    return values ?? [];
  }

  private async assign(target: Expr, value: PsValue): Promise<void> {
    if (target.kind === 'variable') return this.state.write(target.name, value);
    if (target.kind === 'member' && target.isStatic) {
      const type = await evaluate(target.target, this);
      if (type instanceof PsTypeRef && setStatic(type, target.name, value, this.types)) return;
    }
    throw new PsError(
      `The property '${target.kind === 'member' ? target.name : ''}' cannot be found on this object. Verify that the property exists and can be set.`,
      { category: 'InvalidOperation', errorId: 'PropertyAssignmentException', exception: 'RuntimeException' },
    );
  }

  readVariable(name: string): PsValue {
    return this.state.read(name);
  }
}

/** `$_` in a catch block. */
function errorRecord(error: PsError): PsObject {
  const exception = new PsObject(
    `System.Management.Automation.${error.info.exception}`,
    { Message: error.message },
    {},
    () => error.message,
  );
  return new PsObject(
    'System.Management.Automation.ErrorRecord',
    {
      Exception: exception,
      FullyQualifiedErrorId: error.info.errorId,
      CategoryInfo: error.info.category,
      TargetObject: error.info.target ?? null,
    },
    {},
    () => error.message,
  );
}
