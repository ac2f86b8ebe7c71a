/** A value quoted for a one-line detail: JSON string syntax (shows spaces, tabs and newlines), shortened when long. */
export function quote(value: string | null, max = 80): string {
  if (value === null) return '(absent)';
  const json = JSON.stringify(value);
  return json.length <= max ? json : `${json.slice(0, max - 2)}…"`;
}
