// Expression mode of the PowerShell parser: operators, casts, literals, variables, member access.
import type { Expr } from './ast.js';
import type { BlockParser } from './parse-support.js';
import { expectChar, spanFrom, unexpectedToken } from './parse-support.js';
import type { Cursor } from './scanner.js';
import { doubleQuoted, hereString, singleQuoted } from './strings.js';
import { PsParseError, isDash, isDoubleQuote, isSingleQuote, notEmulated } from './scanner.js';

const COMPARISON = /^(?:[ic]?(?:eq|ne|gt|ge|lt|le|like|notlike|match|notmatch))$/i;
const LOGICAL = /^(?:and|or|xor)$/i;

/** Parses expressions at a cursor; sub-expressions go back to the statement parser. */
export class ExpressionParser {
  constructor(
    private readonly c: Cursor,
    private readonly blocks: BlockParser,
  ) {}

  /** An expression: comma arrays of logical chains. */
  expression(): Expr {
    const start = this.c.i;
    const first = this.logical();
    this.c.skipSpace();
    if (this.c.peek() !== ',') return first;
    const items = [first];
    while (this.c.peek() === ',') {
      this.c.i += 1;
      this.c.skipSpaceAndNewlines();
      items.push(this.logical());
      this.c.skipSpace();
    }
    return { kind: 'array', items, span: spanFrom(this.c, start) };
  }

  private operator(pattern: RegExp): string | null {
    this.c.skipSpace();
    if (!isDash(this.c.peek())) return null;
    const word = /^[A-Za-z]+/.exec(this.c.src.slice(this.c.i + 1))?.[0] ?? '';
    if (!pattern.test(word)) return null;
    this.c.i += 1 + word.length;
    this.c.skipSpaceAndNewlines();
    return word.toLowerCase();
  }

  logical(): Expr {
    const start = this.c.i;
    let left = this.comparison();
    for (let op = this.operator(LOGICAL); op !== null; op = this.operator(LOGICAL))
      left = { kind: 'binary', op, left, right: this.comparison(), span: spanFrom(this.c, start) };
    return left;
  }

  private comparison(): Expr {
    const start = this.c.i;
    let left = this.additive();
    for (let op = this.operator(COMPARISON); op !== null; op = this.operator(COMPARISON))
      left = { kind: 'binary', op, left, right: this.additive(), span: spanFrom(this.c, start) };
    this.c.skipSpace();
    if (isDash(this.c.peek()) && /^[A-Za-z]+/.test(this.c.peek(1))) {
      const word = /^[A-Za-z]+/.exec(this.c.src.slice(this.c.i + 1))?.[0] ?? '';
      if (!LOGICAL.test(word)) throw notEmulated(`the '-${word}' operator`, this.c.i);
    }
    return left;
  }

  private additive(): Expr {
    const start = this.c.i;
    let left = this.unary();
    for (;;) {
      this.c.skipSpace();
      const c = this.c.peek();
      const minus = isDash(c) && !/[A-Za-z]/.test(this.c.peek(1));
      if (c !== '+' && !minus) return left;
      if (/[*/%]/.test(c)) return left;
      this.c.i += 1;
      this.c.skipSpaceAndNewlines();
      left = { kind: 'binary', op: c === '+' ? '+' : '-', left, right: this.unary(), span: spanFrom(this.c, start) };
    }
  }

  private unary(): Expr {
    this.c.skipSpace();
    const start = this.c.i;
    const c = this.c.peek();
    if (c === '!' || (isDash(c) && /^not(?!\w)/i.test(this.c.src.slice(this.c.i + 1)))) {
      this.c.i += c === '!' ? 1 : 4;
      this.c.skipSpace();
      return { kind: 'unary', op: '-not', operand: this.unary(), span: spanFrom(this.c, start) };
    }
    if (isDash(c) && /[\d.]/.test(this.c.peek(1))) {
      this.c.i += 1;
      return { kind: 'unary', op: '-', operand: this.unary(), span: spanFrom(this.c, start) };
    }
    if (c === '[') {
      const type = this.typeLiteral();
      if (this.c.peek() === ':' && this.c.peek(1) === ':') return this.postfix(type);
      this.c.skipSpace();
      const next = this.c.peek();
      if (next === '$' || next === '(' || next === '[' || isSingleQuote(next) || isDoubleQuote(next) || /\d/.test(next)) {
        return { kind: 'cast', type: type.kind === 'type' ? type.name : '', operand: this.unary(), span: spanFrom(this.c, start) };
      }
      return this.postfix(type);
    }
    return this.postfix(this.primary());
  }

  typeLiteral(): Expr {
    const start = this.c.i;
    const match = /^\[\s*([A-Za-z_][\w.]*(?:\[\])?)\s*\]/.exec(this.c.src.slice(this.c.i));
    if (!match?.[1]) throw notEmulated('this type expression', start);
    this.c.i += match[0].length;
    return { kind: 'type', name: match[1], span: spanFrom(this.c, start) };
  }

  primary(): Expr {
    const start = this.c.i;
    const c = this.c.peek();
    const next = this.c.peek(1);
    if (isSingleQuote(c)) return singleQuoted(this.c);
    if (isDoubleQuote(c)) return doubleQuoted(this.c, () => this.blocks.statements(')'));
    if (c === '@' && (isSingleQuote(next) || isDoubleQuote(next))) return hereString(this.c);
    if ((c === '$' || c === '@') && next === '(') {
      this.c.i += 2;
      return { kind: 'sub', body: this.blocks.statements(')'), array: c === '@', span: spanFrom(this.c, start) };
    }
    if (c === '@' && next === '{') throw notEmulated('hashtables (@{ })', start);
    if (c === '$') {
      if (!this.c.variableAhead()) throw unexpectedToken(this.c);
      return this.c.variable();
    }
    if (c === '(') {
      this.c.i += 1;
      this.c.skipSpaceAndNewlines();
      const body = [this.blocks.statement()];
      expectChar(this.c, ')', "Missing closing ')' in expression.", 'MissingEndParenthesisInExpression', start);
      return { kind: 'sub', body, array: false, span: spanFrom(this.c, start) };
    }
    if (c === '[') return this.typeLiteral();
    const number = this.c.number();
    if (number) return number;
    if (c === '{') throw notEmulated('script blocks', start);
    throw unexpectedToken(this.c);
  }

  // Member access, method calls, static members and indexing directly after a value (no blank before).
  postfix(target: Expr): Expr {
    let expr = target;
    const start = target.span.start;
    for (;;) {
      const c = this.c.peek();
      const isStatic = c === ':' && this.c.peek(1) === ':';
      if ((c === '.' && /[A-Za-z_]/.test(this.c.peek(1))) || isStatic) {
        this.c.i += isStatic ? 2 : 1;
        const name = /^\w+/.exec(this.c.src.slice(this.c.i))?.[0] ?? '';
        if (name === '') throw new PsParseError('Missing property name after reference operator.', 'MissingPropertyName', this.c.i);
        this.c.i += name.length;
        if (this.c.peek() === '(') {
          this.c.i += 1;
          const args: Expr[] = [];
          this.c.skipSpaceAndNewlines();
          while (this.c.peek() !== ')') {
            args.push(this.logical());
            this.c.skipSpaceAndNewlines();
            if (this.c.peek() === ',') {
              this.c.i += 1;
              this.c.skipSpaceAndNewlines();
            } else if (this.c.peek() !== ')')
              throw new PsParseError("Missing ')' in method call.", 'MissingEndParenthesisInMethodCall', this.c.i);
          }
          this.c.i += 1;
          expr = { kind: 'invoke', target: expr, name, isStatic, args, span: spanFrom(this.c, start) };
        } else expr = { kind: 'member', target: expr, name, isStatic, span: spanFrom(this.c, start) };
      } else if (c === '[') {
        this.c.i += 1;
        const index = this.expression();
        expectChar(this.c, ']', 'Array index expression is missing or not valid.', 'MissingArrayIndexExpression', this.c.i);
        expr = { kind: 'index', target: expr, index, span: spanFrom(this.c, start) };
      } else return expr;
    }
  }
}
