import type { IndicatorType } from './regex-rules.js';

/** A feed record of the built-in demo feed: its category, indicator and context fields in order. */
export interface DemoRecord {
  readonly category: string;
  readonly feed: string;
  readonly type: 'URL' | 'IP' | 'MD5' | 'SHA1' | 'SHA256';
  /** Normalised as lookups normalise values: URLs without scheme, lower case. */
  readonly indicator: string;
  readonly fields: readonly (readonly [name: string, value: string])[];
}

/**
 * The indicators the demo feed detects, as an event would carry them. Names and addresses are
 * reserved for documentation (RFC 2606 `.example`, RFC 5737 192.0.2.0/24); the hashes are the MD5,
 * SHA1 and SHA256 of the ASCII text "CyberTrace lab demo malicious file".
 */
export const DEMO_INDICATORS = {
  url: 'http://demo-botnet-cnc.example/gate.php',
  ip: '192.0.2.100',
  md5: '739ac1d137f4b42bc92dc82ebeaa9a0f',
  sha1: '04796f1369339005bb443d9f49b311041dc8c570',
  sha256: '6d553845a7bff146242e80cfd176b9e2e7abc5d46690264bcef6b90a7156117b',
} as const;

const HASH_FIELDS = [
  ['MD5', DEMO_INDICATORS.md5],
  ['SHA1', DEMO_INDICATORS.sha1],
  ['SHA256', DEMO_INDICATORS.sha256],
  ['file_size', '34'],
  ['threat', 'HEUR:Trojan.Win32.Demo.gen'],
] as const;

/** Every record of the demo feed; CyberTrace's own demo feeds use the same category names. */
export const DEMO_FEED: readonly DemoRecord[] = [
  {
    category: 'Demo_Botnet_CnC_URL',
    feed: 'Demo_Botnet_CnC_URL_Data_Feed.json',
    type: 'URL',
    indicator: 'demo-botnet-cnc.example/gate.php',
    fields: [
      ['mask', 'demo-botnet-cnc.example/gate.php'],
      ['threat', 'Backdoor.Win32.Demo.a'],
      ['popularity', '1'],
      ['first_seen', '01.01.2024 00:00'],
    ],
  },
  {
    category: 'Demo_IP_Reputation',
    feed: 'Demo_IP_Reputation_Data_Feed.json',
    type: 'IP',
    indicator: DEMO_INDICATORS.ip,
    fields: [
      ['ip', DEMO_INDICATORS.ip],
      ['threat_score', '75'],
      ['threat_type', 'spam'],
      ['geo', 'zz'],
    ],
  },
  ...(['MD5', 'SHA1', 'SHA256'] as const).map((type) => ({
    category: 'Demo_Malicious_Hash',
    feed: 'Demo_Malicious_Hash_Data_Feed.json',
    type,
    indicator: { MD5: DEMO_INDICATORS.md5, SHA1: DEMO_INDICATORS.sha1, SHA256: DEMO_INDICATORS.sha256 }[type],
    fields: HASH_FIELDS,
  })),
];

const HASH_TYPE_BY_LENGTH: Readonly<Record<number, DemoRecord['type']>> = { 32: 'MD5', 40: 'SHA1', 64: 'SHA256' };

/** The records an extracted value of this type matches; CONTEXT is never looked up, DOMAIN has no records. */
export function lookupDemoFeed(type: IndicatorType, value: string): DemoRecord[] {
  const wanted = type === 'HASH' ? HASH_TYPE_BY_LENGTH[value.trim().length] : type;
  if (wanted === undefined || wanted === 'CONTEXT' || wanted === 'DOMAIN') return [];
  const key = normaliseIndicator(wanted, value);
  return DEMO_FEED.filter((record) => record.type === wanted && record.indicator === key);
}

/** Normalises a value the way records are stored: trimmed, lower case, URLs without scheme or trailing slash. */
export function normaliseIndicator(type: DemoRecord['type'], value: string): string {
  const lower = value.trim().toLowerCase();
  return type === 'URL' ? lower.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/+$/, '') : lower;
}
