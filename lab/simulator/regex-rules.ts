import { compileBoostRegex } from './boost-regex.js';
import { ConfigError } from './config-error.js';
import { childElements, type XmlElement } from './xml-tree.js';

/** Indicator types a rule may declare (REFERENCE.md 1.5); CONTEXT values are carried, never looked up. */
export const INDICATOR_TYPES = ['URL', 'MD5', 'SHA1', 'SHA256', 'HASH', 'IP', 'DOMAIN', 'CONTEXT'] as const;
/** One indicator type. */
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** A named regex rule: the element name is the rule name and the `%Name%` placeholder. */
export interface RegexRule {
  readonly name: string;
  readonly type: IndicatorType;
  readonly extractAll: boolean;
  /** Compiled with the `g` flag; reset lastIndex before each use. */
  readonly pattern: RegExp;
}

/** A `Source` of rules: `default`, or one chosen by the peer's IP. */
export interface EventSource {
  readonly id: string;
  readonly rules: readonly RegexRule[];
}

/** Every rule set of the tenant, ready for matching. */
export interface RuleBook {
  readonly defaultSource: EventSource;
  readonly byIp: ReadonlyMap<string, EventSource>;
  /** Every rule name in any source: these placeholders render empty when nothing was extracted. */
  readonly ruleNames: ReadonlySet<string>;
}

// Web lookups use these sources, never events arriving over TCP.
const LOOKUP_SOURCES = new Set(['http_single_lookup', 'http_file_lookup']);

/** Reads `InputSettings > RegExps`; a rule with an unknown type or an uncompilable regex is refused. */
export function readRuleBook(regExps: XmlElement | undefined, warn: (message: string) => void): RuleBook {
  let defaultSource: EventSource | undefined;
  const byIp = new Map<string, EventSource>();
  const ruleNames = new Set<string>();
  for (const element of childElements(regExps, 'Source')) {
    const id = element.attributes.get('id') ?? '';
    if (LOOKUP_SOURCES.has(id)) continue;
    const source: EventSource = { id, rules: element.children.map((rule) => readRule(rule, id, warn)) };
    for (const rule of source.rules) ruleNames.add(rule.name);
    const ip = element.attributes.get('ip');
    if (id === 'default') {
      if (ip !== undefined) warn(`RegExps: Source "default" may not have an ip attribute; ignored`);
      defaultSource ??= source;
    } else if (ip !== undefined && !byIp.has(ip)) {
      byIp.set(ip, source);
    } else if (ip === undefined) {
      warn(`RegExps: Source "${id}" has no ip attribute; host-name matching is not simulated, so it is never used`);
    }
  }
  if (defaultSource === undefined) warn('RegExps: there is no <Source id="default">; events from unlisted peers extract nothing');
  return { defaultSource: defaultSource ?? { id: 'default', rules: [] }, byIp, ruleNames };
}

function readRule(element: XmlElement, sourceId: string, warn: (message: string) => void): RegexRule {
  const where = `RegExps/Source[@id="${sourceId}"]/${element.name}`;
  if (element.attributes.has('concatenate')) warn(`${where}: the concatenate attribute is not simulated; the plain regex is used`);
  const type = element.attributes.get('type') ?? 'CONTEXT';
  if (!isIndicatorType(type))
    throw new ConfigError('invalid-value', `${where}: unknown type "${type}" (expected one of ${INDICATOR_TYPES.join(', ')})`);
  const extract = element.attributes.get('extract') ?? 'first';
  if (extract !== 'first' && extract !== 'all')
    throw new ConfigError('invalid-value', `${where}: extract must be "first" or "all", got "${extract}"`);
  if (element.text === '') throw new ConfigError('invalid-value', `${where}: empty regex`);
  try {
    return { name: element.name, type, extractAll: extract === 'all', pattern: compileBoostRegex(element.text) };
  } catch (error) {
    throw new ConfigError('invalid-value', `${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isIndicatorType(value: string): value is IndicatorType {
  return (INDICATOR_TYPES as readonly string[]).includes(value);
}
