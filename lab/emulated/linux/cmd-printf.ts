// printf(1): escapes in the format, %s %b %c %d %i %u %o %x %X %% with flags, width and precision.
import { unescape } from './escapes.js';
import type { CommandImpl } from './kit.js';
import { fail, out } from './kit.js';

const DIRECTIVE = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+|\*))?([a-zA-Z%])?/y;

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[-+ ]?\d/.test(text)) {
    const sign = /^[-+ ]/.test(text) ? (text[0] ?? '') : '';
    return sign + text.slice(sign ? 1 : 0).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

/** `printf FORMAT [ARG...]`: the format is reused while arguments remain, as POSIX says. */
export const printfCmd: CommandImpl = (run) => {
  const [format, ...args] = run.args;
  if (format === undefined) return Promise.resolve(fail(run, 'usage: printf format [arg ...]', 2));
  let status = 0;
  let next = 0;
  const take = (): string | undefined => args[next++];
  const number = (value: string | undefined): number => {
    if (value === undefined || value === '') return 0;
    const text = /^['"]/.test(value) ? String(value.codePointAt(1) ?? 0) : value;
    if (!/^[-+]?(0x[0-9a-fA-F]+|\d+)$/.test(text)) {
      run.io.stderr.write(`printf: ${value}: expected numeric value\n`);
      status = 1;
      return 0;
    }
    return Number(text);
  };
  for (;;) {
    const before = next;
    let i = 0;
    while (i < format.length) {
      const c = format[i] ?? '';
      if (c === '\\') {
        const escape = /^\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)/s.exec(format.slice(i))?.[0] ?? '\\';
        const { bytes, stop } = unescape(escape, false, true);
        out(run, bytes);
        if (stop) return Promise.resolve(status);
        i += escape.length;
        continue;
      }
      if (c !== '%') {
        out(run, c);
        i += 1;
        continue;
      }
      DIRECTIVE.lastIndex = i;
      const match = DIRECTIVE.exec(format);
      const conversion = match?.[4];
      if (!match || conversion === undefined) return Promise.resolve(fail(run, `${format.slice(i)}: invalid directive`));
      i += match[0].length;
      const flags = match[1] ?? '';
      const width = match[2] === '*' ? number(take()) : Number(match[2] ?? 0);
      const precision = match[3] === '*' ? number(take()) : match[3] === undefined ? undefined : Number(match[3]);
      switch (conversion) {
        case '%':
          out(run, '%');
          break;
        case 's': {
          const text = take() ?? '';
          out(run, pad(precision === undefined ? text : text.slice(0, precision), flags, width));
          break;
        }
        case 'b': {
          const { bytes, stop } = unescape(take() ?? '', true, true);
          out(run, width > 0 ? pad(bytes.toString('utf8'), flags, width) : bytes);
          if (stop) return Promise.resolve(status);
          break;
        }
        case 'c':
          out(run, pad((take() ?? '').slice(0, 1), flags, width));
          break;
        case 'd':
        case 'i':
        case 'u': {
          const value = Math.trunc(number(take()));
          const sign = value >= 0 && flags.includes('+') ? '+' : value >= 0 && flags.includes(' ') ? ' ' : '';
          out(run, pad(sign + String(value), flags, width));
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const value = Math.trunc(number(take()));
          const text = value.toString(conversion === 'o' ? 8 : 16);
          out(run, pad(conversion === 'X' ? text.toUpperCase() : text, flags, width));
          break;
        }
        default:
          return Promise.resolve(fail(run, `%${conversion}: invalid directive`));
      }
    }
    // Stop once all arguments are used, or when the format consumed none (it would loop forever).
    if (next >= args.length || next === before) return Promise.resolve(status);
  }
};
