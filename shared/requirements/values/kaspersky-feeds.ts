import { z } from 'zod';
import { CanonicalElementSchema } from './canonical-element.js';

/** One switched-on feed: `enabled`/`used` as written (null when the attribute is absent, which the help leaves undefined). */
const ActiveFeedSchema = z.strictObject({
  name: z.string(),
  /** The attribute's raw value: 'true', or what else the file says (never 'false': those are off and not listed). */
  state: z.string().nullable(),
  /** The element without its enabled/used attribute: Name, FeedID, Filters/Field, ActionableFields... */
  content: CanonicalElementSchema,
});

/** One active feed entry of requirement 2 or 3. */
export type ActiveFeed = z.output<typeof ActiveFeedSchema>;

/** Schema of ActiveFeed. */
export const ActiveFeedEntrySchema = ActiveFeedSchema;

/**
 * Requirement 2: the Kaspersky Threat Data Feeds switched on in kl_feed_util.conf (Feeds/Feed not
 * enabled="false"), sorted by name, and on 5.x the General tenant's use of those feeds
 * (Domain/Feeds/Feed@used for feednames `<Name>.json`).
 */
export const KasperskyFeedsValueSchema = z.strictObject({
  feeds: z.array(ActiveFeedSchema),
  /** null on 4.x, where tenants have no per-feed switch in kl_feed_service.conf. */
  tenantUsage: z.array(ActiveFeedSchema).nullable(),
});

/** Requirement 2's observed value. */
export type KasperskyFeedsValue = z.output<typeof KasperskyFeedsValueSchema>;
