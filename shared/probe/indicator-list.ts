// The engineer's list of indicators for the REST spot-check: one per line, `#` starts a comment line.

/** Most indicators one spot-check sends; each is one object in every instance's lookup body. */
export const MAX_SPOT_CHECK_INDICATORS = 1000;

/** Longest indicator accepted (URLs included). */
export const MAX_INDICATOR_LENGTH = 2048;

/** The indicators of a list, or every problem found with its line number. */
export type IndicatorListResult =
  | { readonly ok: true; readonly indicators: readonly string[] }
  | { readonly ok: false; readonly issues: readonly { readonly line: number; readonly message: string }[] };

/**
 * Parses an indicator list: blank lines and lines starting with `#` are skipped, each indicator is
 * trimmed, duplicates are kept once (first occurrence wins). Control characters, over-long values and
 * more than MAX_SPOT_CHECK_INDICATORS indicators are refused, as is a list with none.
 */
export function parseIndicatorList(text: string): IndicatorListResult {
  const indicators: string[] = [];
  const seen = new Set<string>();
  const issues: { line: number; message: string }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const value = raw.trim();
      if (value === '' || value.startsWith('#')) return;
      const line = index + 1;
      if (/[\u0000-\u001f\u007f]/.test(value)) issues.push({ line, message: 'contains a control character' });
      else if (value.length > MAX_INDICATOR_LENGTH) issues.push({ line, message: `longer than ${MAX_INDICATOR_LENGTH} characters` });
      else if (!seen.has(value)) {
        seen.add(value);
        indicators.push(value);
      }
    });
  if (indicators.length > MAX_SPOT_CHECK_INDICATORS)
    issues.push({ line: 0, message: `${indicators.length} indicators; at most ${MAX_SPOT_CHECK_INDICATORS} per spot-check` });
  if (issues.length === 0 && indicators.length === 0) issues.push({ line: 0, message: 'no indicator in the list' });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, indicators };
}
