// Word expansion of the sh subset: `~`, `$NAME`/`${NAME}`/`$?`/`$0-9`/`$#`, field splitting, `*`, quote removal.
import type { Word } from './tokenize.js';
import { NotEmulated } from './tokenize.js';

/** What expansions read. */
export interface ExpansionScope {
  readonly vars: ReadonlyMap<string, string>;
  /** `$0`, `$1`, ...: the shell name first. */
  readonly positional: readonly string[];
  readonly status: number;
  readonly home: string;
  /** Names in a folder (as typed, relative to the working directory) the shell may list; null when it may not. */
  readonly listDir?: (dir: string) => string[] | null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Pathname expansion of a word holding unquoted `*`: only in its last path component, and only
 * with literal text around it (no variables). Sorted matches, or the word itself when none match
 * (dash's behaviour). A leading `.` must be literal to match hidden names, `.` and `..` included.
 */
function expandStar(word: Word, scope: ExpansionScope): string[] {
  const pieces: (string | null)[] = [];
  for (const part of word.parts) {
    if (part.kind === 'var') throw new NotEmulated('pathname expansion in a word with variables');
    if (part.kind === 'text' && !part.quoted && /\[.*\]/.test(part.text)) throw new NotEmulated('pathname expansion ([...])');
    pieces.push(part.kind === 'star' ? null : part.kind === 'tilde' ? scope.home : part.text);
  }
  const literal = pieces.map((piece) => piece ?? '*').join('');
  let lastSlash = -1;
  let offset = 0;
  let firstStar = -1;
  for (const piece of pieces) {
    if (piece === null) {
      if (firstStar === -1) firstStar = offset;
      offset += 1;
      continue;
    }
    const at = piece.lastIndexOf('/');
    if (at !== -1) lastSlash = offset + at;
    offset += piece.length;
  }
  if (firstStar < lastSlash) throw new NotEmulated('pathname expansion before the last "/"');
  const dir = literal.slice(0, lastSlash + 1);
  let source = '';
  let consumed = 0;
  for (const piece of pieces) {
    const text = piece ?? '*';
    const start = Math.max(0, lastSlash + 1 - consumed);
    consumed += text.length;
    if (start >= text.length) continue;
    source += piece === null ? '[\\s\\S]*' : escapeRegExp(text.slice(start));
  }
  const pattern = new RegExp(`^${source}$`);
  const hiddenWanted = literal.slice(lastSlash + 1).startsWith('.');
  const names = scope.listDir?.(dir === '' ? '.' : dir) ?? null;
  const candidates = names === null ? [] : hiddenWanted ? ['.', '..', ...names] : names.filter((name) => !name.startsWith('.'));
  const matches = candidates.filter((name) => pattern.test(name)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return matches.length === 0 ? [literal] : matches.map((name) => `${dir}${name}`);
}

function lookup(name: string, scope: ExpansionScope): string {
  if (name === '?') return String(scope.status);
  if (name === '#') return String(Math.max(0, scope.positional.length - 1));
  if (/^\d$/.test(name)) return scope.positional[Number(name)] ?? '';
  // Unset variables expand to nothing, as in any POSIX shell.
  return scope.vars.get(name) ?? '';
}

/**
 * Expands a word into fields: unquoted expansions are split on blanks (default IFS) and a word made
 * only of empty unquoted expansions disappears; quoted text stays one piece.
 */
export function expandWord(word: Word, scope: ExpansionScope): string[] {
  if (word.parts.some((part) => part.kind === 'star')) return expandStar(word, scope);
  const fields: string[] = [];
  let current = '';
  let hasField = false;
  for (const part of word.parts) {
    if (part.kind === 'tilde') {
      current += scope.home;
      hasField = true;
    } else if (part.kind === 'star') {
      current += '*';
      hasField = true;
    } else if (part.kind === 'text') {
      if (!part.quoted && /\[.*\]/.test(part.text) && part.text !== '[') throw new NotEmulated('pathname expansion ([...])');
      current += part.text;
      hasField = true;
    } else if (part.quoted) {
      current += lookup(part.name, scope);
      hasField = true;
    } else {
      const pieces = lookup(part.name, scope).split(/[ \t\n]/);
      pieces.forEach((piece, index) => {
        if (index > 0) {
          if (hasField || current !== '') fields.push(current);
          current = '';
          hasField = false;
        }
        if (piece !== '') {
          current += piece;
          hasField = true;
        }
      });
    }
  }
  if (hasField || current !== '') fields.push(current);
  return fields;
}

/** Expands a word where sh does not split fields (assignments, redirection targets). */
export function expandSingle(word: Word, scope: ExpansionScope): string {
  return word.parts
    .map((part) =>
      part.kind === 'tilde' ? scope.home : part.kind === 'star' ? '*' : part.kind === 'text' ? part.text : lookup(part.name, scope),
    )
    .join('');
}
