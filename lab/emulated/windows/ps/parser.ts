// Recursive-descent parser for the PowerShell subset: statements and keywords here; expression mode
// in parse-expression.ts, command mode in parse-command.ts.
import type { PipelineElement, Statement } from './ast.js';
import { CommandParser } from './parse-command.js';
import { ExpressionParser } from './parse-expression.js';
import type { BlockParser } from './parse-support.js';
import { expectChar, spanFrom, unexpectedToken } from './parse-support.js';
import { Cursor, PsParseError, notEmulated } from './scanner.js';

const UNSUPPORTED_KEYWORDS = new Set([
  'for',
  'while',
  'do',
  'until',
  'switch',
  'function',
  'filter',
  'workflow',
  'param',
  'begin',
  'process',
  'end',
  'trap',
  'break',
  'continue',
  'return',
  'data',
  'class',
  'enum',
  'using',
  'dynamicparam',
  'configuration',
  'parallel',
  'sequence',
  'inlinescript',
]);

/** Parses a whole script. Throws PsParseError (PowerShell's ParserError) on anything it cannot read. */
export function parseScript(source: string): Statement[] {
  return new Parser(new Cursor(source)).statements(null);
}

class Parser implements BlockParser {
  private readonly exprs: ExpressionParser;
  private readonly commands: CommandParser;

  constructor(private readonly c: Cursor) {
    this.exprs = new ExpressionParser(c, this);
    this.commands = new CommandParser(c, this.exprs, this);
  }

  /** Statements up to `end` (`)` or `}`, consumed) or the end of the script. */
  statements(end: ')' | '}' | null): Statement[] {
    const start = this.c.i;
    const body: Statement[] = [];
    for (;;) {
      this.c.skipSpaceAndNewlines();
      while (this.c.peek() === ';') {
        this.c.i += 1;
        this.c.skipSpaceAndNewlines();
      }
      if (this.c.eof()) {
        if (end === '}')
          throw new PsParseError("Missing closing '}' in statement block or type definition.", 'MissingEndCurlyBrace', start);
        if (end === ')') throw new PsParseError("Missing closing ')' in expression.", 'MissingEndParenthesisInExpression', start);
        return body;
      }
      if (end !== null && this.c.peek() === end) {
        this.c.i += 1;
        return body;
      }
      body.push(this.statement());
      this.c.skipSpace();
      const next = this.c.peek();
      if (!this.c.eof() && next !== '\n' && next !== '\r' && next !== ';' && next !== end) throw unexpectedToken(this.c);
    }
  }

  private keyword(): string | null {
    const word = /^[A-Za-z]+(?![\w-])/.exec(this.c.src.slice(this.c.i))?.[0];
    return word ? word.toLowerCase() : null;
  }

  statement(): Statement {
    const start = this.c.i;
    const keyword = this.keyword();
    if (keyword === 'if') return this.ifStatement();
    if (keyword === 'try') return this.tryStatement();
    if (keyword === 'foreach') return this.foreachStatement();
    if (keyword === 'exit' || keyword === 'throw') {
      this.c.i += keyword.length;
      this.c.skipSpace();
      const next = this.c.peek();
      const value = this.c.eof() || next === '\n' || next === '\r' || next === ';' || next === '}' ? undefined : this.exprs.expression();
      return { kind: keyword, ...(value ? { value } : {}), span: spanFrom(this.c, start) };
    }
    if (keyword !== null && UNSUPPORTED_KEYWORDS.has(keyword)) throw notEmulated(`the '${keyword}' keyword`, start);
    const pipeline = this.pipeline();
    this.c.skipSpace();
    if (this.c.peek() === '=' && this.c.peek(1) !== '=') {
      const only = pipeline.elements.length === 1 ? pipeline.elements[0] : undefined;
      if (only?.kind !== 'expr' || !['variable', 'member'].includes(only.expr.kind))
        throw new PsParseError(
          'The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.',
          'InvalidLeftHandSide',
          start,
        );
      this.c.i += 1;
      this.c.skipSpaceAndNewlines();
      return { kind: 'assign', target: only.expr, value: this.statement(), span: spanFrom(this.c, start) };
    }
    if (/^[-+*/%]=/.test(this.c.src.slice(this.c.i, this.c.i + 2))) throw notEmulated('compound assignment operators', this.c.i);
    return pipeline;
  }

  private block(): Statement[] {
    const start = this.c.i;
    this.c.skipSpaceAndNewlines();
    if (this.c.peek() !== '{') throw new PsParseError('Missing statement block.', 'MissingStatementBlock', start);
    this.c.i += 1;
    return this.statements('}');
  }

  private condition(): Statement {
    const start = this.c.i;
    this.c.skipSpace();
    if (this.c.peek() !== '(')
      throw new PsParseError("Missing '(' after 'if' in if statement.", 'MissingOpenParenthesisInIfStatement', start);
    this.c.i += 1;
    this.c.skipSpaceAndNewlines();
    const condition = this.statement();
    expectChar(this.c, ')', "Missing closing ')' after expression in 'if' statement.", 'MissingEndParenthesisAfterStatement', start);
    return condition;
  }

  // Looks past blanks and newlines for a continuation keyword; puts the cursor back if it is not there.
  private continuation(word: string): boolean {
    const saved = this.c.i;
    this.c.skipSpaceAndNewlines();
    if (this.keyword() === word) {
      this.c.i += word.length;
      return true;
    }
    this.c.i = saved;
    return false;
  }

  private ifStatement(): Statement {
    const start = this.c.i;
    this.c.i += 2;
    const clauses = [{ condition: this.condition(), body: this.block() }];
    let elseBody: Statement[] | undefined;
    for (;;) {
      if (this.continuation('elseif')) clauses.push({ condition: this.condition(), body: this.block() });
      else if (this.continuation('else')) {
        elseBody = this.block();
        break;
      } else break;
    }
    return { kind: 'if', clauses, ...(elseBody ? { elseBody } : {}), span: spanFrom(this.c, start) };
  }

  // `foreach ($name in pipeline) { ... }`; the -parallel and other workflow forms do not exist in 5.1 scripts.
  private foreachStatement(): Statement {
    const start = this.c.i;
    this.c.i += 'foreach'.length;
    this.c.skipSpace();
    if (this.c.peek() !== '(')
      throw new PsParseError("Missing opening '(' after keyword 'foreach'.", 'MissingOpenParenthesisAfterKeyword', start);
    this.c.i += 1;
    this.c.skipSpaceAndNewlines();
    const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(this.c.src.slice(this.c.i));
    if (!variable?.[1]) throw new PsParseError('Missing variable name after foreach.', 'MissingVariableNameAfterForeach', this.c.i);
    this.c.i += variable[0].length;
    this.c.skipSpaceAndNewlines();
    if (this.keyword() !== 'in') throw new PsParseError("Missing 'in' after variable in foreach loop.", 'MissingInInForeach', this.c.i);
    this.c.i += 2;
    this.c.skipSpaceAndNewlines();
    const collection = this.statement();
    this.c.skipSpaceAndNewlines();
    expectChar(this.c, ')', "Missing closing ')' after expression in 'foreach' statement.", 'MissingEndParenthesisAfterForeach', start);
    return { kind: 'foreach', variable: variable[1], collection, body: this.block(), span: spanFrom(this.c, start) };
  }

  private tryStatement(): Statement {
    const start = this.c.i;
    this.c.i += 3;
    const body = this.block();
    let catchBody: Statement[] | undefined;
    let finallyBody: Statement[] | undefined;
    if (this.continuation('catch')) {
      this.c.skipSpace();
      if (this.c.peek() === '[') throw notEmulated('typed catch clauses', this.c.i);
      catchBody = this.block();
    }
    if (this.continuation('finally')) finallyBody = this.block();
    if (!catchBody && !finallyBody)
      throw new PsParseError('The Try statement is missing its Catch or Finally block.', 'MissingCatchOrFinally', start);
    return {
      kind: 'try',
      body,
      ...(catchBody ? { catchBody } : {}),
      ...(finallyBody ? { finallyBody } : {}),
      span: spanFrom(this.c, start),
    };
  }

  private pipeline(): Statement & { kind: 'pipeline' } {
    const start = this.c.i;
    const elements: PipelineElement[] = [this.commands.element(true)];
    for (;;) {
      this.c.skipSpace();
      if (this.c.peek() !== '|') break;
      if (this.c.peek(1) === '|') throw notEmulated("the '||' operator", this.c.i);
      this.c.i += 1;
      this.c.skipSpaceAndNewlines();
      elements.push(this.commands.element(false));
    }
    return { kind: 'pipeline', elements, span: spanFrom(this.c, start) };
  }
}
