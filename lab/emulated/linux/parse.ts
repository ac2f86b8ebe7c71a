// Parser for the sh subset: lists of and-or chains of pipelines of simple commands, `if` and `for`.
import type { ControlOp, RedirOp, Token, Word } from './tokenize.js';
import { NotEmulated, ShellSyntaxError, tokenize } from './tokenize.js';

/** A redirection: `[fd]op target`. */
export interface Redirection {
  readonly fd: number;
  readonly op: RedirOp;
  readonly target: Word;
}

/** A simple command: assignments, words, redirections. */
export interface SimpleCommand {
  readonly assignments: readonly { readonly name: string; readonly value: Word }[];
  readonly words: readonly Word[];
  readonly redirections: readonly Redirection[];
}

/** `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi` */
export interface IfClause {
  readonly kind: 'if';
  readonly branches: readonly { readonly condition: Script; readonly body: Script }[];
  readonly elseBody?: Script;
}

/** `for NAME in WORD...; do LIST; done` */
export interface ForClause {
  readonly kind: 'for';
  readonly name: string;
  readonly words: readonly Word[];
  readonly body: Script;
}

/** One element of a pipeline. */
export type Command = SimpleCommand | IfClause | ForClause;

/** `[!] cmd | cmd ...` */
export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly Command[];
}

/** `pipeline && pipeline || pipeline ...` */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
}

/** A parsed script: and-or lists run one after the other. */
export type Script = readonly AndOr[];

// Other compound commands and functions would need a real shell; refuse them by name.
const RESERVED = new Set(['case', 'esac', 'while', 'until', 'in', 'function', '{', '}', 'select']);
// Words that end a list inside `if` and `for`; anywhere else they are a syntax error, as in dash.
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done']);

/** The literal text of a word when it has no quotes or expansions (for keyword and `!` checks). */
export function plainText(word: Word): string | null {
  if (word.parts.length !== 1) return null;
  const part = word.parts[0];
  return part?.kind === 'text' && !part.quoted ? part.text : null;
}

/** Parses a command string. Throws ShellSyntaxError or NotEmulated. */
export function parseScript(source: string): Script {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (op: ControlOp): boolean => {
    const token = peek();
    return token?.kind === 'op' && token.op === op;
  };
  const skipNewlines = (): void => {
    while (isOp('\n')) at += 1;
  };
  const unexpected = (): never => {
    const token = peek();
    const shown =
      token === undefined ? 'end of file' : token.kind === 'op' ? (token.op === '\n' ? 'newline' : `"${token.op}"`) : 'redirection';
    throw new ShellSyntaxError(`${shown} unexpected`);
  };

  const keywordAt = (): string | null => {
    const token = peek();
    return token?.kind === 'word' ? plainText(token.word) : null;
  };
  const expectKeyword = (word: string): void => {
    if (keywordAt() !== word) unexpected();
    at += 1;
  };

  // A list up to one of `closers` (not consumed); each and-or list ends at `;` or a newline.
  const list = (closers: ReadonlySet<string>): AndOr[] => {
    const lists: AndOr[] = [];
    skipNewlines();
    while (at < tokens.length) {
      const keyword = keywordAt();
      if (keyword !== null && closers.has(keyword)) return lists;
      lists.push(andOr());
      if (at >= tokens.length) break;
      if (!isOp(';') && !isOp('\n')) unexpected();
      at += 1;
      skipNewlines();
    }
    if (closers.size > 0) throw new ShellSyntaxError('end of file unexpected (expecting "' + [...closers].join('" or "') + '")');
    return lists;
  };
  const nonEmpty = (lists: AndOr[]): AndOr[] => (lists.length === 0 ? unexpected() : lists);

  const ifClause = (): IfClause => {
    const branches: { condition: Script; body: Script }[] = [];
    let elseBody: Script | undefined;
    for (;;) {
      const condition = nonEmpty(list(new Set(['then'])));
      expectKeyword('then');
      const body = nonEmpty(list(new Set(['elif', 'else', 'fi'])));
      branches.push({ condition, body });
      const next = keywordAt();
      at += 1;
      if (next === 'elif') continue;
      if (next === 'else') {
        elseBody = nonEmpty(list(new Set(['fi'])));
        expectKeyword('fi');
      }
      return { kind: 'if', branches, ...(elseBody ? { elseBody } : {}) };
    }
  };

  const forClause = (): ForClause => {
    const nameToken = peek();
    const name = nameToken?.kind === 'word' ? plainText(nameToken.word) : null;
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError('Bad for loop variable');
    at += 1;
    if (keywordAt() !== 'in') throw new NotEmulated('for without "in WORD..."');
    at += 1;
    const words: Word[] = [];
    for (let token = peek(); token?.kind === 'word'; token = peek()) {
      words.push(token.word);
      at += 1;
    }
    if (!isOp(';') && !isOp('\n')) unexpected();
    at += 1;
    skipNewlines();
    expectKeyword('do');
    const body = nonEmpty(list(new Set(['done'])));
    expectKeyword('done');
    return { kind: 'for', name, words, body };
  };

  // A compound command may not take redirections here: nothing in the engine needs them.
  const compound = (parse: () => Command): Command => {
    at += 1;
    const command = parse();
    if (peek()?.kind === 'redir') throw new NotEmulated('redirections on compound commands');
    if (peek()?.kind === 'word') unexpected();
    return command;
  };

  const command = (): Command => {
    const keyword = keywordAt();
    if (keyword === 'if') return compound(ifClause);
    if (keyword === 'for') return compound(forClause);
    if (keyword !== null && CLOSERS.has(keyword)) throw new ShellSyntaxError(`"${keyword}" unexpected`);
    return simple();
  };

  const simple = (): SimpleCommand => {
    const assignments: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirections: Redirection[] = [];
    for (let token = peek(); token && token.kind !== 'op'; token = peek()) {
      at += 1;
      if (token.kind === 'redir') {
        const target = peek();
        if (target?.kind !== 'word') return unexpected();
        at += 1;
        redirections.push({ fd: token.fd ?? (token.op.startsWith('>') ? 1 : 0), op: token.op, target: target.word });
        continue;
      }
      const first = token.word.parts[0];
      const assignment =
        words.length === 0 && first?.kind === 'text' && !first.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
      if (assignment?.[1] && first?.kind === 'text') {
        const rest = first.text.slice(assignment[0].length);
        const parts = [...(rest ? [{ ...first, text: rest }] : []), ...token.word.parts.slice(1)];
        assignments.push({ name: assignment[1], value: { parts } });
        continue;
      }
      if (words.length === 0) {
        const keyword = plainText(token.word);
        if (keyword !== null && RESERVED.has(keyword)) throw new NotEmulated(`compound command "${keyword}"`);
      }
      words.push(token.word);
    }
    if (words.length === 0 && assignments.length === 0 && redirections.length === 0) return unexpected();
    return { assignments, words, redirections };
  };

  const pipeline = (): Pipeline => {
    let negated = false;
    const first = peek();
    if (first?.kind === 'word' && plainText(first.word) === '!') {
      negated = true;
      at += 1;
    }
    const commands = [command()];
    while (isOp('|')) {
      at += 1;
      skipNewlines();
      commands.push(command());
    }
    return { negated, commands };
  };

  const andOr = (): AndOr => {
    const first = pipeline();
    const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
    for (let token = peek(); token?.kind === 'op' && (token.op === '&&' || token.op === '||'); token = peek()) {
      at += 1;
      skipNewlines();
      rest.push({ op: token.op, pipeline: pipeline() });
    }
    return { first, rest };
  };

  // A list ends at `;` or a newline; blank lines may follow, a second `;` may not.
  const script = list(new Set());
  if (at < tokens.length) unexpected();
  return script;
}
