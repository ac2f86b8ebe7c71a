// Syntax tree of the emulated PowerShell subset.

/** Source span: offsets into the script (for `At line:N char:M` in error records). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An expression. */
export type Expr =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'expandable'; readonly parts: readonly (string | Expr)[]; readonly span: Span }
  | { readonly kind: 'variable'; readonly name: string; readonly span: Span }
  | { readonly kind: 'member'; readonly target: Expr; readonly name: string; readonly isStatic: boolean; readonly span: Span }
  | {
      readonly kind: 'invoke';
      readonly target: Expr;
      readonly name: string;
      readonly isStatic: boolean;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  | { readonly kind: 'index'; readonly target: Expr; readonly index: Expr; readonly span: Span }
  | { readonly kind: 'type'; readonly name: string; readonly span: Span }
  | { readonly kind: 'cast'; readonly type: string; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'sub'; readonly body: readonly Statement[]; readonly array: boolean; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: '-not' | '-'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly span: Span };

/** A command argument: `-Name`, `-Name:value`, or a value. */
export type Arg =
  | { readonly kind: 'param'; readonly name: string; readonly value?: Expr; readonly span: Span }
  | { readonly kind: 'value'; readonly expr: Expr; readonly span: Span };

/** A command in a pipeline: `Name args` or `& expr args`. */
export interface CommandElement {
  readonly kind: 'command';
  readonly name: Expr;
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** One element of a pipeline. */
export type PipelineElement = CommandElement | { readonly kind: 'expr'; readonly expr: Expr; readonly span: Span };

/** A statement. */
export type Statement =
  | { readonly kind: 'pipeline'; readonly elements: readonly PipelineElement[]; readonly span: Span }
  | { readonly kind: 'assign'; readonly target: Expr; readonly value: Statement; readonly span: Span }
  | { readonly kind: 'exit'; readonly value?: Expr; readonly span: Span }
  | { readonly kind: 'throw'; readonly value?: Expr; readonly span: Span }
  | {
      readonly kind: 'if';
      readonly clauses: readonly { readonly condition: Statement; readonly body: readonly Statement[] }[];
      readonly elseBody?: readonly Statement[];
      readonly span: Span;
    }
  | {
      readonly kind: 'foreach';
      readonly variable: string;
      readonly collection: Statement;
      readonly body: readonly Statement[];
      readonly span: Span;
    }
  | {
      readonly kind: 'try';
      readonly body: readonly Statement[];
      readonly catchBody?: readonly Statement[];
      readonly finallyBody?: readonly Statement[];
      readonly span: Span;
    };
