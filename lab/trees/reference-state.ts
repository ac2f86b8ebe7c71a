import { element, xmlText } from './xml-lines.js';

// The HA-consistent values every lab instance starts from (REFERENCE 3.5 steps 6-9), so that a lab
// without drift is a consistent cluster. lab/drift/ rewrites exactly these lines to seed a difference.

/** The regex of the Balancer request-id rule (REFERENCE 3.5 step 6). */
export const REQ_PATTERN = String.raw`^(\d+)\s`;

/** The Balancer request-id rule: type CONTEXT, name REQ, regex REQ_PATTERN. */
export const REQ_RULE = `<REQ type="CONTEXT">${REQ_PATTERN}</REQ>`;

/** Detection event format: starts with the request id (REFERENCE 3.5 step 7, 1.6). */
export const EVENT_FORMAT = '%REQ% category=%Category% matchedIndicator=%MatchedIndicator% %RecordContext%';

/** The HA finished-event element, verbatim from the HA page (REFERENCE 3.5 step 8). */
export const FINISHED_EVENT_FORMAT = '<FinishedEventFormat enabled="true">%REQ% LookupFinished</FinishedEventFormat>';

/** How each feed field is written into %RecordContext% (the help's `Ip=192.0.2.100 Geo=...` example). */
export const RECORD_CONTEXT_FORMAT = '%ParamName%=%ParamValue%';

/** Actionable fields, as the 5.0 help writes them (CDATA keeps the leading space). */
export const ACTIONABLE_CONTEXT_FORMAT = '<![CDATA[ %ParamName%:%ParamValue%]]>';

/** Service-alert format. `%Alert%` (the alert's name) is the lab's guess: the placeholder list is not documented. */
export const ALERT_FORMAT = '%Date% alert=%Alert% %RecordContext%';

/** Detection output target when not in ReplyBack (REFERENCE 1.4.3, the help's example value). */
export const OUTPUT_CONNECTION = '127.0.0.1:9998';

/** Service alerts sent to Balancer's address and cybertrace_port (REFERENCE 3.5 step 9). */
export function alertConnectionLine(target: string): string {
  return `<AlertConnectionString enabled="true">${xmlText(target)}</AlertConnectionString>`;
}

// Universal extraction rules. JavaScript-compatible Boost syntax, so the simulator can run them as
// they are; `\b` keeps an MD5 from matching inside a SHA-256. use_for_retroscan is not allowed in the
// lookup sources (REFERENCE 1.5), so only the default source's MD5 rule has it, as in the help's example.
const extractionRules = (retroscan: boolean): string[] => [
  String.raw`<RE_URL type="URL" extract="all">\b(https?://[^\s"]+)</RE_URL>`,
  String.raw`<RE_IP type="IP" extract="all">\b((?:\d{1,3}\.){3}\d{1,3})\b</RE_IP>`,
  `<RE_MD5 type="MD5"${retroscan ? ' use_for_retroscan="true"' : ''} extract="all">${String.raw`\b([\da-fA-F]{32})\b`}</RE_MD5>`,
  String.raw`<RE_SHA1 type="SHA1" extract="all">\b([\da-fA-F]{40})\b</RE_SHA1>`,
  String.raw`<RE_SHA256 type="SHA256" extract="all">\b([\da-fA-F]{64})\b</RE_SHA256>`,
];

/** Rules of `<Source id="default">`: the REQ rule first, then the universal extraction rules. */
export const DEFAULT_SOURCE_RULES = [REQ_RULE, ...extractionRules(true)];

/** Rules of the lookup sources: the whole input for a single lookup (5.0 example), the event rules for a file. */
export const LOOKUP_SOURCE_RULES = {
  http_single_lookup: ['URL', 'IP', 'MD5', 'SHA1', 'SHA256'].map((type) => `<RE_${type} type="${type}" extract="all">(.*)</RE_${type}>`),
  http_file_lookup: extractionRules(false),
} as const;

/** A `Source` element with its rules, one per line. */
export function sourceElement(id: string, rules: readonly string[]): string[] {
  return element(`<Source id="${id}">`, rules);
}
