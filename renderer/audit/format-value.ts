import type { JsonValue } from '../../shared/requirements/json.js';

/** An observed value as people read it: indented JSON; a bare string as itself; null as "not read". */
export function formatValue(value: JsonValue | null): string {
  if (value === null) return '(not read)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
