import { z } from 'zod';
import { JsonSchema } from './json-schema.js';
import { ActiveFeedEntrySchema } from './kaspersky-feeds.js';
import { CanonicalElementSchema } from './canonical-element.js';

/**
 * What requirement 3 can say about indicators: the files do not hold them and no REST endpoint lists
 * them, so 'not-readable' unless the audit ran the REST spot check, whose result is compared as is.
 */
export const IndicatorsPartSchema = z.union([z.literal('not-readable'), z.strictObject({ spotCheck: JsonSchema })]);

/**
 * Requirement 3: the service-side feed usage that is not a Kaspersky feed of kl_feed_util.conf (OSINT,
 * custom, third-party), plus the indicators sub-part.
 */
export const ServiceFeedsValueSchema = z.strictObject({
  /** 5.x: the General tenant's Domain/Feeds/Feed switched on (used not 'false') whose name is no Kaspersky feed; null on 4.x. */
  tenantFeeds: z.array(ActiveFeedEntrySchema).nullable(),
  /** A top-level Feeds element (4.x lists it, contents undocumented), compared as a whole; null when absent. */
  topLevelFeeds: CanonicalElementSchema.nullable(),
  indicators: IndicatorsPartSchema,
});

/** Requirement 3's observed value. */
export type ServiceFeedsValue = z.output<typeof ServiceFeedsValueSchema>;
