// System.DateTime as PowerShell shows it (en-US culture; the lab's hosts run in UTC).
import { PsObject } from './values.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** .NET ticks (100 ns since 0001-01-01) at the Unix epoch. */
const EPOCH_TICKS = 621_355_968_000_000_000n;

/** Formats with .NET custom tokens (yyyy MM dd HH hh mm ss f.. tt K zzz dddd MMMM, 'literal'). */
export function formatDate(ms: number, format: string, utc: boolean): string {
  const d = new Date(ms);
  const fraction = String(d.getUTCMilliseconds()).padStart(3, '0') + '0000';
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const tokens: Record<string, () => string> = {
    yyyy: () => String(d.getUTCFullYear()).padStart(4, '0'),
    yy: () => String(d.getUTCFullYear() % 100).padStart(2, '0'),
    MMMM: () => MONTHS[d.getUTCMonth()] ?? '',
    MMM: () => (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3),
    MM: () => String(d.getUTCMonth() + 1).padStart(2, '0'),
    M: () => String(d.getUTCMonth() + 1),
    dddd: () => DAYS[d.getUTCDay()] ?? '',
    ddd: () => (DAYS[d.getUTCDay()] ?? '').slice(0, 3),
    dd: () => String(d.getUTCDate()).padStart(2, '0'),
    d: () => String(d.getUTCDate()),
    HH: () => String(d.getUTCHours()).padStart(2, '0'),
    H: () => String(d.getUTCHours()),
    hh: () => String(hour12).padStart(2, '0'),
    h: () => String(hour12),
    mm: () => String(d.getUTCMinutes()).padStart(2, '0'),
    m: () => String(d.getUTCMinutes()),
    ss: () => String(d.getUTCSeconds()).padStart(2, '0'),
    s: () => String(d.getUTCSeconds()),
    tt: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    K: () => (utc ? 'Z' : '+00:00'),
    zzz: () => '+00:00',
  };
  let out = '';
  for (let i = 0; i < format.length;) {
    const rest = format.slice(i);
    const quoted = /^'([^']*)'|^"([^"]*)"|^\\(.)/.exec(rest);
    if (quoted) {
      out += quoted[1] ?? quoted[2] ?? quoted[3] ?? '';
      i += quoted[0].length;
      continue;
    }
    const fractionMatch = /^f{1,7}/.exec(rest);
    if (fractionMatch) {
      out += fraction.slice(0, fractionMatch[0].length);
      i += fractionMatch[0].length;
      continue;
    }
    const token = Object.keys(tokens).find((name) => rest.startsWith(name));
    out += token ? (tokens[token]?.() ?? '') : (rest[0] ?? '');
    i += token ? token.length : 1;
  }
  return out;
}

const STANDARD: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
};

/** A DateTime value; `utc` is its Kind (Utc or Local, which in the lab is the same clock). */
export function dateTime(ms: number, utc: boolean): PsObject {
  const d = new Date(ms);
  const toString = (format?: string): string =>
    formatDate(
      ms,
      format === undefined ? (STANDARD.G ?? '') : (STANDARD[format.length === 1 ? (format === 'O' ? 'o' : format) : ''] ?? format),
      utc,
    );
  return new PsObject(
    'System.DateTime',
    {
      Year: d.getUTCFullYear(),
      Month: d.getUTCMonth() + 1,
      Day: d.getUTCDate(),
      Hour: d.getUTCHours(),
      Minute: d.getUTCMinutes(),
      Second: d.getUTCSeconds(),
      Millisecond: d.getUTCMilliseconds(),
      Kind: utc ? 'Utc' : 'Local',
      DayOfWeek: DAYS[d.getUTCDay()] ?? '',
      Ticks: () => Number(EPOCH_TICKS + BigInt(Math.round(ms)) * 10_000n),
    },
    {
      ToString: (args) => toString(typeof args[0] === 'string' ? args[0] : undefined),
      ToUniversalTime: () => dateTime(ms, true),
      ToLocalTime: () => dateTime(ms, false),
    },
    () => toString(),
    () => ['', toString('F'), '', ''],
  );
}
