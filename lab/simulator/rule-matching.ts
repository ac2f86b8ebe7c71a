import type { EventSource, RegexRule, RuleBook } from './regex-rules.js';

/** One value a rule extracted from an event. */
export interface ExtractedValue {
  readonly rule: RegexRule;
  readonly value: string;
}

/** What the rules found in one event, and which source's rules applied. */
export interface Extraction {
  readonly sourceId: string;
  /** Source-specific values first, then those of default rules, each in match order. */
  readonly values: readonly ExtractedValue[];
}

// extract="all" on a pathological regex could yield one value per character; the cap bounds the work.
const MAX_VALUES_PER_RULE = 100;

/**
 * Applies the rules for a peer: the Source whose `ip` is the peer's first, then `default`; a default
 * rule sharing a name with a specific one runs only if the specific one found nothing (REFERENCE.md 1.5).
 */
export function extractValues(book: RuleBook, event: string, peerIp: string): Extraction {
  const specific: EventSource | undefined = book.byIp.get(peerIp);
  const values: ExtractedValue[] = [];
  const found = new Set<string>();
  for (const rule of specific?.rules ?? []) {
    const ruleValues = runRule(rule, event);
    if (ruleValues.length > 0) found.add(rule.name);
    values.push(...ruleValues);
  }
  for (const rule of book.defaultSource.rules) {
    if (!found.has(rule.name)) values.push(...runRule(rule, event));
  }
  return { sourceId: specific?.id ?? book.defaultSource.id, values };
}

/** The first value a rule of this name extracted, if any. */
export function firstValue(extraction: Extraction, ruleName: string): string | undefined {
  return extraction.values.find((value) => value.rule.name === ruleName)?.value;
}

function runRule(rule: RegexRule, event: string): ExtractedValue[] {
  const values: ExtractedValue[] = [];
  const pattern = rule.pattern;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(event); match !== null; match = pattern.exec(event)) {
    // Capture group 1 when the regex has one, else the whole match; an unset group yields nothing.
    const value = match.length > 1 ? match[1] : match[0];
    if (value !== undefined && value !== '') values.push({ rule, value });
    if (!rule.extractAll || values.length >= MAX_VALUES_PER_RULE) break;
    if (match[0] === '') pattern.lastIndex += 1;
  }
  return values;
}
