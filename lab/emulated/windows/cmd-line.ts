// How cmd.exe reads a command line: %VAR% expansion, & && || separators, ^ escapes, redirections,
// and how a program splits its own arguments (CommandLineToArgvW rules).
import { envGet } from './environment.js';

/** cmd syntax the lab does not emulate (pipes, parenthesised blocks); the shell refuses it. */
export class CmdNotEmulated extends Error {}

/** One command of a line and the operator joining it to the next. */
export interface CmdPart {
  readonly text: string;
  readonly next: '&' | '&&' | '||' | null;
}

/** A redirection of one command. */
export interface CmdRedirection {
  readonly fd: 1 | 2 | 0;
  readonly append: boolean;
  /** A file name, `nul`, or `&1`/`&2`. */
  readonly target: string;
}

/** Replaces %NAME% with defined variables; undefined ones stay as written (cmd /c behaviour). */
export function expandPercent(line: string, env: ReadonlyMap<string, string>): string {
  return line.replace(/%([^%\r\n]+)%/g, (whole, name: string) => envGet(env, name) ?? whole);
}

/** Splits on &, &&, || outside quotes; `^` escapes the next character outside quotes. */
export function splitCommands(line: string): CmdPart[] {
  const parts: CmdPart[] = [];
  let text = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '"') quoted = !quoted;
    if (!quoted && c === '^') {
      text += line[i + 1] ?? '';
      i += 1;
      continue;
    }
    if (!quoted && (c === '&' || c === '|')) {
      const doubled = line[i + 1] === c;
      if (c === '|' && !doubled) throw new CmdNotEmulated('pipes (|)');
      // `2>&1` is a redirection, not a separator.
      if (c === '&' && /[<>]$/.test(text)) {
        text += c;
        continue;
      }
      parts.push({ text, next: doubled ? (c === '&' ? '&&' : '||') : '&' });
      text = '';
      i += doubled ? 1 : 0;
      continue;
    }
    text += c;
  }
  parts.push({ text, next: null });
  for (const part of parts) if (/^\s*[@(]*\(/.test(part.text)) throw new CmdNotEmulated('parenthesised command blocks');
  return parts;
}

/** Removes `>f`, `>>f`, `2>f`, `2>&1`, `<f` (outside quotes) from a command's text. */
export function extractRedirections(text: string): { text: string; redirections: CmdRedirection[] } {
  const redirections: CmdRedirection[] = [];
  let rest = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"') quoted = !quoted;
    if (quoted || (c !== '>' && c !== '<')) {
      rest += c;
      continue;
    }
    // A digit right before the operator names the handle (`2>`).
    let fd: 0 | 1 | 2 = c === '<' ? 0 : 1;
    if (/[012]$/.test(rest) && /(^|\s)[012]$/.test(rest)) {
      fd = Number(rest.slice(-1)) as 0 | 1 | 2;
      rest = rest.slice(0, -1);
    }
    const append = c === '>' && text[i + 1] === '>';
    i += append ? 2 : 1;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    let target = '';
    if (text[i] === '&') {
      target = `&${text[i + 1] ?? ''}`;
      i += 1;
    } else if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      target = text.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? text.length : end;
    } else {
      while (i < text.length && !/[\s<>&|]/.test(text[i] ?? '')) target += text[i++];
      i -= 1;
    }
    redirections.push({ fd, append, target });
  }
  return { text: rest, redirections };
}

/** The program name cmd sees first (quotes removed) and the untouched rest of the line. */
export function firstToken(text: string): { name: string; raw: string; rest: string } {
  const trimmed = text.replace(/^[\s@]+/, '');
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    const raw = end === -1 ? trimmed : trimmed.slice(0, end + 1);
    return { name: raw.replace(/"/g, ''), raw, rest: trimmed.slice(raw.length) };
  }
  const match = /^[^\s,;=]*/.exec(trimmed)?.[0] ?? '';
  return { name: match, raw: match, rest: trimmed.slice(match.length) };
}

/** Splits program arguments as CommandLineToArgvW / the MSVC runtime do. */
export function splitArgv(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\') {
      let slashes = 0;
      while (text[i] === '\\') {
        slashes += 1;
        i += 1;
      }
      if (text[i] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) current += '"';
        else i -= 1;
      } else {
        current += '\\'.repeat(slashes);
        i -= 1;
      }
      inArg = true;
    } else if (c === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else {
        quoted = !quoted;
      }
      inArg = true;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args;
}
