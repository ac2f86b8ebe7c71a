// Parser for the sh subset: lists of and-or chains of pipelines of simple commands.
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

/** `[!] cmd | cmd ...` */
export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly SimpleCommand[];
}

/** `pipeline && pipeline || pipeline ...` */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
}

/** A parsed script: and-or lists run one after the other. */
export type Script = readonly AndOr[];

// Compound commands and functions would need a real shell; refuse them by name.
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function', '{', '}', 'select']);

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
    const shown = token === undefined ? 'end of file' : token.kind === 'op' ? (token.op === '\n' ? 'newline' : `"${token.op}"`) : 'redirection';
    throw new ShellSyntaxError(`${shown} unexpected`);
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
      const assignment = words.length === 0 && first?.kind === 'text' && !first.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
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
    const commands = [simple()];
    while (isOp('|')) {
      at += 1;
      skipNewlines();
      commands.push(simple());
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

  const script: AndOr[] = [];
  skipNewlines();
  while (at < tokens.length) {
    script.push(andOr());
    if (at >= tokens.length) break;
    // A list ends at `;` or a newline; blank lines may follow, a second `;` may not.
    if (!isOp(';') && !isOp('\n')) unexpected();
    at += 1;
    skipNewlines();
  }
  return script;
}
