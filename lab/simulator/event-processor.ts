import { lookupDemoFeed, type DemoRecord } from './demo-feed.js';
import type { FeedServiceConfig } from './feed-config.js';
import { formatEventDate, renderFormat, renderRecordContext, type PlaceholderResolver } from './placeholders.js';
import { extractValues, firstValue, type ExtractedValue, type Extraction } from './rule-matching.js';

/** The kind the finished event's `%RecordContext%` names (REFERENCE.md 1.6). */
export const LOOKUP_FINISHED = 'LookupFinished';

/**
 * Turns one event into its output lines (without LF): a detection event per matched record, then,
 * when `finished` is on and the config has a FinishedEventFormat, one finished event.
 */
export function processEvent(config: FeedServiceConfig, event: string, peerIp: string, finished: boolean, now = new Date()): string[] {
  const extraction = extractValues(config.rules, event, peerIp);
  const date = formatEventDate(now);
  const lines: string[] = [];
  const perCategory = new Map<string, number>();
  for (const value of extraction.values) {
    if (value.rule.type === 'CONTEXT') continue;
    for (const record of lookupDemoFeed(value.rule.type, value.value)) {
      lines.push(renderFormat(config.eventFormat, detectionResolver(config, extraction, value, record, date)));
      perCategory.set(record.category, (perCategory.get(record.category) ?? 0) + 1);
    }
  }
  if (finished && config.finished !== undefined) {
    // total: one `<category>:<count>;` per category in first-detection order; empty with no detections.
    const total = [...perCategory].map(([category, count]) => `${category}:${count};`).join('');
    const context = renderRecordContext(config.recordFieldFormat, [
      ['category', LOOKUP_FINISHED],
      ['sent_events', String(lines.length)],
      ['total', total],
    ]);
    // Only what the help lists for this format: %RecordContext% and rule names (and %Date%, valid everywhere).
    const generated = { RecordContext: context, Date: date };
    lines.push(renderFormat(config.finished.format, resolver(config, extraction, generated)));
  }
  return lines;
}

function detectionResolver(
  config: FeedServiceConfig,
  extraction: Extraction,
  value: ExtractedValue,
  record: DemoRecord,
  date: string,
): PlaceholderResolver {
  return resolver(config, extraction, {
    // The rule that produced this detection shows the value that matched, not its first one.
    [value.rule.name]: value.value,
    Category: record.category,
    MatchedIndicator: record.indicator,
    RecordContext: renderRecordContext(config.recordFieldFormat, record.fields),
    Date: date,
    SourceId: extraction.sourceId,
    // The demo records carry no actionable fields, and no HTTPServer is simulated for %IndicatorInfo%.
    ActionableFields: '',
    IndicatorInfo: '',
  });
}

// Generated names win over rule names; a rule with no value renders empty; any other name stays as written.
function resolver(config: FeedServiceConfig, extraction: Extraction, generated: Record<string, string>): PlaceholderResolver {
  return (name) => {
    if (Object.hasOwn(generated, name)) return generated[name];
    if (config.rules.ruleNames.has(name)) return firstValue(extraction, name) ?? '';
    return undefined;
  };
}
