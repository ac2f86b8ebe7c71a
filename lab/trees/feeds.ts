import { element, indent } from './xml-lines.js';

// The Kaspersky Threat Data Feeds a lab instance knows (names from REFERENCE 4.2, file names
// `<Name>.json` as in the help). HA requirement 2: the same ones enabled everywhere.

/** One feed as kl_feed_util.conf lists it. */
export interface LabFeed {
  readonly name: string;
  readonly enabled: boolean;
  /** Only on the feed the lab pretends was added later by hand; the value is invented (IDs are undocumented). */
  readonly feedId?: string;
  /** Feed Utility filters, as in the help's example (`popularity` 4;5). */
  readonly popularity?: string;
}

/** The feed the `feeds` drift switches on: disabled in the reference, enabled on the drifted instance. */
export const DRIFT_FEED: LabFeed = { name: 'Ransomware_URL_Data_Feed', enabled: false, feedId: 'LAB-0007' };

/** The lab's feed list, in file order. */
export const LAB_FEEDS: readonly LabFeed[] = [
  { name: 'Malicious_URL_Data_Feed', enabled: true },
  { name: 'Phishing_URL_Data_Feed', enabled: true },
  { name: 'Botnet_CnC_URL_Data_Feed', enabled: true },
  { name: 'Malicious_Hash_Data_Feed', enabled: true, popularity: '4;5' },
  { name: 'IP_Reputation_Data_Feed', enabled: true },
  { name: 'Mobile_Malicious_Hash_Data_Feed', enabled: false },
  DRIFT_FEED,
];

/** Depth of `Feed` elements in kl_feed_util.conf (Settings > Feeds > Feed). */
const FEED_DEPTH = 2;

/** A `Feed` element of kl_feed_util.conf, indented as the file has it, with `enabled` as given. */
export function feedUtilFeed(feed: LabFeed, enabled: boolean): string[] {
  const children = [`<Name>${feed.name}</Name>`];
  if (feed.feedId) children.push(`<FeedID>${feed.feedId}</FeedID>`);
  if (feed.popularity) children.push(...element('<Filters>', [`<Field name="popularity" value="${feed.popularity}"/>`]));
  return indent(FEED_DEPTH, element(`<Feed enabled="${String(enabled)}">`, children));
}

/** A 5.x tenant's `Feed` element (Domains > Domain > Feeds > Feed@used). */
export function domainFeed(feed: LabFeed, used: boolean): string {
  return `<Feed feedname="${feed.name}.json" used="${String(used)}"/>`;
}
