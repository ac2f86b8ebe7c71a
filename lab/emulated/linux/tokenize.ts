// Lexer for the emulated POSIX sh (dash) subset: quotes, escapes, variables, operators, redirections.

/** A piece of a word: literal text, a variable reference, `~` at its start, or an unquoted `*`. */
export type WordPart =
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'var'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'tilde' }
  | { readonly kind: 'star' };

/** One shell word before expansion. */
export interface Word {
  readonly parts: readonly WordPart[];
}

/** Control operators of the subset. */
export type ControlOp = ';' | '&&' | '||' | '|' | '\n';
/** Redirection operators of the subset. */
export type RedirOp = '>' | '>>' | '<' | '>&' | '<&';

/** A lexical token. */
export type Token =
  | { readonly kind: 'word'; readonly word: Word }
  | { readonly kind: 'op'; readonly op: ControlOp }
  | { readonly kind: 'redir'; readonly op: RedirOp; readonly fd: number | null };

/** Input real sh would reject: dash prints `sh: 1: Syntax error: <message>` and exits 2. */
export class ShellSyntaxError extends Error {}

/** Valid sh that the lab does not emulate; the shell refuses it rather than guess (exit 2). */
export class NotEmulated extends Error {}

const SPECIAL_VARS = /^[?#0-9]/;

/** Splits a command string into tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let parts: WordPart[] = [];
  let text = '';
  let textQuoted = false;
  let inWord = false;
  let i = 0;

  const flushText = (): void => {
    if (text !== '') parts.push({ kind: 'text', text, quoted: textQuoted });
    text = '';
  };
  const addText = (chunk: string, quoted: boolean): void => {
    if (quoted !== textQuoted) flushText();
    textQuoted = quoted;
    text += chunk;
    inWord = true;
  };
  // `''` and `""` are an empty word, not nothing: keep a quoted empty piece.
  const addEmptyQuoted = (): void => {
    flushText();
    parts.push({ kind: 'text', text: '', quoted: true });
    inWord = true;
  };
  const endWord = (): void => {
    flushText();
    if (inWord) tokens.push({ kind: 'word', word: { parts } });
    parts = [];
    inWord = false;
  };
  const readVar = (quoted: boolean): boolean => {
    const rest = source.slice(i + 1);
    if (rest.startsWith('(')) throw new NotEmulated('command substitution $(...)');
    let name: string | undefined;
    let length = 0;
    if (rest.startsWith('{')) {
      const match = /^\{([A-Za-z_][A-Za-z0-9_]*|[?#0-9])\}/.exec(rest);
      if (!match?.[1]) throw new NotEmulated('parameter expansion ${...} beyond ${NAME}');
      name = match[1];
      length = match[0].length;
    } else if (SPECIAL_VARS.test(rest)) {
      name = rest[0];
      length = 1;
    } else if (/^[@*$!-]/.test(rest)) {
      throw new NotEmulated(`special parameter $${rest[0] ?? ''}`);
    } else {
      name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
      length = name?.length ?? 0;
    }
    if (!name) return false;
    flushText();
    parts.push({ kind: 'var', name, quoted });
    inWord = true;
    i += 1 + length;
    return true;
  };

  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end === -1) throw new ShellSyntaxError('Unterminated quoted string');
      if (end === i + 1) addEmptyQuoted();
      else addText(source.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      if (source[i + 1] === '"') addEmptyQuoted();
      inWord = true;
      i += 1;
      for (;;) {
        const d = source[i];
        if (d === undefined) throw new ShellSyntaxError('Unterminated quoted string');
        if (d === '"') break;
        if (d === '`') throw new NotEmulated('command substitution `...`');
        if (d === '\\' && /^[$`"\\\n]$/.test(source[i + 1] ?? '')) {
          if (source[i + 1] !== '\n') addText(source[i + 1] ?? '', true);
          i += 2;
        } else if (d === '$' && readVar(true)) {
          continue;
        } else {
          addText(d, true);
          i += 1;
        }
      }
      i += 1;
    } else if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) addText('\\', false);
      else if (next !== '\n') addText(next, true);
      i += 2;
    } else if (c === '$') {
      if (!readVar(false)) {
        addText('$', false);
        i += 1;
      }
    } else if (c === '`') {
      throw new NotEmulated('command substitution `...`');
    } else if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else if (c === '#' && !inWord) {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (c === '\n' || c === ';') {
      endWord();
      if (source.startsWith(';;', i)) throw new NotEmulated('case ... ;;');
      tokens.push({ kind: 'op', op: c });
      i += 1;
    } else if (c === '&' || c === '|') {
      endWord();
      const doubled = source[i + 1] === c;
      if (c === '&' && !doubled) throw new NotEmulated('background jobs (&)');
      tokens.push({ kind: 'op', op: doubled ? (c === '&' ? '&&' : '||') : '|' });
      i += doubled ? 2 : 1;
    } else if (c === '>' || c === '<') {
      // `2>`: a word made only of unquoted digits right before the operator names the descriptor.
      const fdText = parts.length === 0 && !textQuoted && /^\d+$/.test(text) ? text : null;
      if (fdText !== null) text = '';
      else endWord();
      parts = [];
      inWord = false;
      const two = source.slice(i, i + 2);
      if (two === '<<' || two === '<>' || two === '>|') throw new NotEmulated(`redirection ${two}`);
      const op: RedirOp = two === '>>' ? '>>' : two === '>&' ? '>&' : two === '<&' ? '<&' : c === '>' ? '>' : '<';
      tokens.push({ kind: 'redir', op, fd: fdText === null ? null : Number(fdText) });
      i += op.length;
    } else if (c === '(' || c === ')') {
      throw new NotEmulated('subshells and grouping ( )');
    } else if (c === '*') {
      // Pathname expansion: only `*`, and only in a word's last path component (expand.ts).
      flushText();
      parts.push({ kind: 'star' });
      inWord = true;
      i += 1;
    } else if (c === '?') {
      throw new NotEmulated(`pathname expansion (unquoted ${c})`);
    } else if (c === '~' && !inWord) {
      parts.push({ kind: 'tilde' });
      inWord = true;
      i += 1;
    } else {
      addText(c, false);
      i += 1;
    }
  }
  endWord();
  return tokens;
}
