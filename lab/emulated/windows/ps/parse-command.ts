// Command mode of the PowerShell parser: pipeline elements, parameters and bareword arguments.
import type { Arg, CommandElement, Expr, PipelineElement } from './ast.js';
import type { ExpressionParser } from './parse-expression.js';
import type { BlockParser } from './parse-support.js';
import { spanFrom, unexpectedToken } from './parse-support.js';
import type { Cursor } from './scanner.js';
import { doubleQuoted, hereString, singleQuoted } from './strings.js';
import { PsParseError, isDash, isDoubleQuote, isSingleQuote, notEmulated } from './scanner.js';

// Characters that end a bareword argument (and start something else) in command mode.
const ARG_STOPS = ';|&(){},\'"\u2018\u2019\u201a\u201b\u201c\u201d\u201e$';

/** Parses pipeline elements: commands with their arguments, or a leading expression. */
export class CommandParser {
  constructor(
    private readonly c: Cursor,
    private readonly exprs: ExpressionParser,
    private readonly blocks: BlockParser,
  ) {}

  private startsExpression(): boolean {
    const c = this.c.peek();
    const next = this.c.peek(1);
    if (c === '$' || c === '(' || c === '[' || c === '!' || isSingleQuote(c) || isDoubleQuote(c)) return true;
    if (c === '@') return next === '(' || next === '{' || isSingleQuote(next) || isDoubleQuote(next);
    if (/\d/.test(c) || (c === '.' && /\d/.test(next))) return this.c.numberAhead();
    if (isDash(c)) return /\d/.test(next) || /^not(?![\w])/i.test(this.c.src.slice(this.c.i + 1));
    return false;
  }

  element(first: boolean): PipelineElement {
    const start = this.c.i;
    const c = this.c.peek();
    if (c === '&') {
      if (this.c.peek(1) === '&') throw notEmulated("the '&&' operator", start);
      this.c.i += 1;
      this.c.skipSpace();
      // `& 'path'`, `& $cmd`, `& (expr)`, or a plain command name (`& sc.exe`).
      const next = this.c.peek();
      const quoted = next === '$' || next === '(' || isSingleQuote(next) || isDoubleQuote(next);
      const nameStart = this.c.i;
      const name: Expr = quoted
        ? this.exprs.postfix(this.exprs.primary())
        : { kind: 'string', value: this.c.bareword(';|&(){}'), span: spanFrom(this.c, nameStart) };
      if (name.kind === 'string' && name.value === '') throw unexpectedToken(this.c);
      return { kind: 'command', name, args: this.args(), span: spanFrom(this.c, start) };
    }
    if (c === '.' && /\s/.test(this.c.peek(1))) throw notEmulated('dot-sourcing', start);
    if (c === '{') throw notEmulated('script blocks', start);
    if (this.startsExpression()) {
      if (!first)
        throw new PsParseError(
          'Expressions are only allowed as the first element of a pipeline.',
          'ExpressionsMustBeFirstInPipeline',
          start,
        );
      const expr = this.exprs.expression();
      return { kind: 'expr', expr, span: spanFrom(this.c, start) };
    }
    const word = this.c.bareword(';|&(){}');
    if (word === '') throw unexpectedToken(this.c);
    const name: Expr = { kind: 'string', value: word, span: spanFrom(this.c, start) };
    const command: CommandElement = { kind: 'command', name, args: this.args(), span: spanFrom(this.c, start) };
    return command;
  }

  private args(): Arg[] {
    const args: Arg[] = [];
    for (;;) {
      this.c.skipSpace();
      const c = this.c.peek();
      const start = this.c.i;
      if (this.c.eof() || c === '\n' || c === '\r' || c === ';' || c === ')' || c === '}' || c === '|') return args;
      if (c === '&') throw notEmulated(this.c.peek(1) === '&' ? "the '&&' operator" : 'background jobs (&)', start);
      if (c === '>' || c === '<' || (/[1-6*]/.test(c) && this.c.peek(1) === '>'))
        throw notEmulated('redirection operators (use | Out-Null and -ErrorAction)', start);
      if (c === '{') throw notEmulated('script blocks', start);
      if (isDash(c) && /[A-Za-z_?]/.test(this.c.peek(1))) {
        this.c.i += 1;
        const name = /^[\w?-]+/.exec(this.c.src.slice(this.c.i))?.[0] ?? '';
        this.c.i += name.length;
        if (this.c.peek() === ':') {
          this.c.i += 1;
          this.c.skipSpace();
          args.push({ kind: 'param', name, value: this.argValue(), span: spanFrom(this.c, start) });
        } else args.push({ kind: 'param', name, span: spanFrom(this.c, start) });
        continue;
      }
      if (isDash(c) && isDash(this.c.peek(1))) throw notEmulated("'--' and '--%' in arguments", start);
      const first = this.argValue();
      if (this.c.peek() !== ',') {
        args.push({ kind: 'value', expr: first, span: spanFrom(this.c, start) });
        continue;
      }
      const items = [first];
      while (this.c.peek() === ',') {
        this.c.i += 1;
        this.c.skipSpaceAndNewlines();
        items.push(this.argValue());
      }
      args.push({ kind: 'value', expr: { kind: 'array', items, span: spanFrom(this.c, start) }, span: spanFrom(this.c, start) });
    }
  }

  // One argument in command mode: adjacent pieces (barewords, strings, variables) concatenate.
  private argValue(): Expr {
    const start = this.c.i;
    const pieces: (Expr | string)[] = [];
    for (;;) {
      const c = this.c.peek();
      if (this.c.eof() || /[\s;|&)},]/.test(c)) break;
      if (isSingleQuote(c)) pieces.push(singleQuoted(this.c));
      else if (isDoubleQuote(c)) pieces.push(doubleQuoted(this.c, () => this.blocks.statements(')')));
      else if (c === '@' && (isSingleQuote(this.c.peek(1)) || isDoubleQuote(this.c.peek(1))) && pieces.length === 0)
        pieces.push(hereString(this.c));
      else if (c === '$' || c === '(' || (c === '@' && this.c.peek(1) === '(')) pieces.push(this.exprs.postfix(this.exprs.primary()));
      else if (c === '{') throw notEmulated('script blocks', this.c.i);
      else pieces.push(this.c.bareword(ARG_STOPS));
    }
    const span = spanFrom(this.c, start);
    if (pieces.length === 1 && typeof pieces[0] !== 'string' && pieces[0]) return pieces[0];
    if (pieces.length === 1 && typeof pieces[0] === 'string') {
      const text = pieces[0];
      if (/^-?\d+$/.test(text)) return { kind: 'number', value: Number(text), span };
      return { kind: 'string', value: text, span };
    }
    return { kind: 'expandable', parts: pieces, span };
  }
}
