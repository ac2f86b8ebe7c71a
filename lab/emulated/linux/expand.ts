// Word expansion of the sh subset: `~`, `$NAME`/`${NAME}`/`$?`/`$0-9`/`$#`, field splitting, quote removal.
import type { Word } from './tokenize.js';
import { NotEmulated } from './tokenize.js';

/** What expansions read. */
export interface ExpansionScope {
  readonly vars: ReadonlyMap<string, string>;
  /** `$0`, `$1`, ...: the shell name first. */
  readonly positional: readonly string[];
  readonly status: number;
  readonly home: string;
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
  const fields: string[] = [];
  let current = '';
  let hasField = false;
  for (const part of word.parts) {
    if (part.kind === 'tilde') {
      current += scope.home;
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
    .map((part) => (part.kind === 'tilde' ? scope.home : part.kind === 'text' ? part.text : lookup(part.name, scope)))
    .join('');
}
