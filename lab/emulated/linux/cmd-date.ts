// date(1): now, in UTC (the lab's hosts run in UTC), with +FORMAT and -I/--iso-8601.
import type { CommandImpl } from './kit.js';
import { fail, out } from './kit.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** Formats a date with strftime-style conversions (UTC). Unknown conversions are left as written. */
export function strftime(format: string, date: Date): string {
  const fields: Record<string, () => string> = {
    Y: () => String(date.getUTCFullYear()),
    y: () => two(date.getUTCFullYear() % 100),
    m: () => two(date.getUTCMonth() + 1),
    d: () => two(date.getUTCDate()),
    e: () => String(date.getUTCDate()).padStart(2, ' '),
    H: () => two(date.getUTCHours()),
    M: () => two(date.getUTCMinutes()),
    S: () => two(date.getUTCSeconds()),
    N: () => String(date.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(date.getTime() / 1000)),
    a: () => DAYS[date.getUTCDay()] ?? '',
    b: () => MONTHS[date.getUTCMonth()] ?? '',
    j: () => String(Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1).padStart(3, '0'),
    z: () => '+0000',
    Z: () => 'UTC',
    F: () => strftime('%Y-%m-%d', date),
    T: () => strftime('%H:%M:%S', date),
    D: () => strftime('%m/%d/%y', date),
    '%': () => '%',
  };
  return format.replace(/%(:?)([a-zA-Z%])/g, (whole, colon: string, letter: string) => {
    if (colon) return letter === 'z' ? '+00:00' : whole;
    return fields[letter]?.() ?? whole;
  });
}

const ISO: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};

/** `date [-u] [+FORMAT | -I[SPEC] | --iso-8601[=SPEC]]` */
export const dateCmd: CommandImpl = (run) => {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const arg of run.args) {
    if (arg === '-u' || arg === '--utc' || arg === '--universal') continue;
    const iso = /^(?:-I|--iso-8601=?)(\w*)$/.exec(arg);
    if (arg.startsWith('+')) {
      format = arg.slice(1);
    } else if (iso) {
      const spec = ISO[iso[1] || 'date'];
      if (!spec) return Promise.resolve(fail(run, `invalid argument '${iso[1] ?? ''}' for '--iso-8601'`));
      format = spec;
    } else {
      return Promise.resolve(fail(run, `${arg}: option not emulated by the lab (only -u, +FORMAT, -I)`));
    }
  }
  out(run, `${strftime(format, new Date())}\n`);
  return Promise.resolve(0);
};
