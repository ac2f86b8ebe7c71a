// `%Name%` placeholders in EventFormat, FinishedEventFormat, AlertFormat and the field formats
// (REFERENCE.md 1.6). Names follow XML element names, so rule names such as RE_URL fit.
const PLACEHOLDER = /%([A-Za-z_][\w.-]*)%/g;

/** Resolves a placeholder name to its value, or undefined to leave `%Name%` as written. */
export type PlaceholderResolver = (name: string) => string | undefined;

/**
 * Replaces placeholders in one pass: a value that itself contains `%X%` is never expanded again.
 * Line breaks become spaces, because LF ends an event on the wire.
 */
export function renderFormat(format: string, resolve: PlaceholderResolver): string {
  return format.replace(PLACEHOLDER, (whole: string, name: string) => resolve(name) ?? whole).replace(/[\r\n]+/g, ' ');
}

/**
 * `%RecordContext%`: each field rendered with the field format (`%ParamName%`, `%ParamValue%`), each
 * preceded by one space. That fits both documented examples: `%ParamName%=%ParamValue%` gives
 * `Ip=192.0.2.100 Geo=ru,br,ua,cz,us`, and `alert=%Alert%%RecordContext%` gives `alert=KL_ALERT_UpdatedFeed feed=...`.
 */
export function renderRecordContext(fieldFormat: string, fields: readonly (readonly [string, string])[]): string {
  return fields
    .map(
      ([name, value]) =>
        ` ${renderFormat(fieldFormat, (placeholder) => (placeholder === 'ParamName' ? name : placeholder === 'ParamValue' ? value : undefined))}`,
    )
    .join('');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `%Date%`: local time as `Mon DD HH:MM:SS` (the documented form, e.g. `Apr 16 09:05:41`). */
export function formatEventDate(now: Date): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${MONTHS[now.getMonth()] ?? ''} ${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}
