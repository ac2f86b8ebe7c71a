import { lookupDemoFeed, normaliseIndicator, type DemoRecord } from './demo-feed.js';
import type { LabRestData } from './rest-lab-data.js';

/** One category of a lookup answer, as `POST /api/{v}/lookup` returns it (REFERENCE.md 5). */
export interface LookupCategory {
  readonly category: string;
  readonly detected_indicator: string;
  readonly context: Readonly<Record<string, string>>;
}

/** The answer for one looked-up object. */
export interface LookupAnswer {
  readonly object: string;
  /** `%LOOKUP_RESULT%` is not documented; the lab says `detected` or `not detected`. */
  readonly result: 'detected' | 'not detected';
  readonly categories: readonly LookupCategory[];
}

type LookupType = DemoRecord['type'];

// InternalTI detections are named per type (help page 291802, REFERENCE.md 4.6).
const INTERNAL_TI_CATEGORY: Readonly<Record<LookupType, string>> = {
  URL: 'KL_InternalTI_URL',
  IP: 'KL_InternalTI_IP',
  MD5: 'KL_InternalTI_Hash_MD5',
  SHA1: 'KL_InternalTI_Hash_SHA1',
  SHA256: 'KL_InternalTI_Hash_SHA256',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * The type a REST object is looked up as. The real service runs the `http_single_lookup` rules; the lab
 * decides by form: 32, 40 or 64 hex digits are MD5, SHA1, SHA256; a dotted IPv4 address is IP;
 * anything else is a URL (the demo feed has no domain records).
 */
export function lookupTypeOf(object: string): LookupType {
  const value = object.trim();
  if (/^[0-9a-fA-F]+$/.test(value)) {
    const byLength: Readonly<Record<number, LookupType>> = { 32: 'MD5', 40: 'SHA1', 64: 'SHA256' };
    const hash = byLength[value.length];
    if (hash !== undefined) return hash;
  }
  return IPV4.test(value) ? 'IP' : 'URL';
}

/** The key an indicator is compared by: its type and its normalised value. */
function indicatorKey(value: string): string {
  const type = lookupTypeOf(value);
  return `${type}\u0000${normaliseIndicator(type, value)}`;
}

/**
 * Looks objects up in the demo feed and the InternalTI supplier. An object on the FalsePositive list
 * is not detected by anything (lab choice: the list suppresses every category, InternalTI included).
 */
export function lookupObjects(objects: readonly string[], data: LabRestData): LookupAnswer[] {
  const falsePositives = new Set(data.suppliers.FalsePositive.map((entry) => indicatorKey(entry.indicator)));
  const internal = new Map<string, Readonly<Record<string, string>>>();
  for (const entry of data.suppliers.InternalTI) internal.set(indicatorKey(entry.indicator), entry.context ?? {});
  return objects.map((object) => {
    const type = lookupTypeOf(object);
    const normalised = normaliseIndicator(type, object);
    const key = `${type}\u0000${normalised}`;
    if (falsePositives.has(key)) return { object, result: 'not detected', categories: [] };
    const categories: LookupCategory[] = lookupDemoFeed(type, object).map((record) => ({
      category: record.category,
      detected_indicator: record.indicator,
      context: Object.fromEntries(record.fields),
    }));
    const internalContext = internal.get(key);
    if (internalContext !== undefined)
      categories.push({ category: INTERNAL_TI_CATEGORY[type], detected_indicator: normalised, context: internalContext });
    return { object, result: categories.length > 0 ? 'detected' : 'not detected', categories };
  });
}
