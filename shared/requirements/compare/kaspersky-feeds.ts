import type { ActiveFeed, KasperskyFeedsValue } from '../values/index.js';
import type { Comparer } from './comparer.js';
import { describeListDiff, diffByKey, isEmptyDiff } from './list-diff.js';

/** Requirement 2: the same Kaspersky feeds switched on, with the same filters (and, on 5.x, used by the General tenant). */
export const kasperskyFeedsComparer: Comparer<KasperskyFeedsValue> = {
  comparable: (value) => value,
  compare: (reference, instance) => {
    const feeds = diffByKey<ActiveFeed>(reference.feeds, instance.feeds, (feed) => feed.name);
    const parts = isEmptyDiff(feeds) ? [] : [`kl_feed_util.conf: ${describeListDiff(feeds, 'feed')}`];
    const usage = diffByKey<ActiveFeed>(reference.tenantUsage ?? [], instance.tenantUsage ?? [], (feed) => feed.name);
    if ((reference.tenantUsage === null) !== (instance.tenantUsage === null))
      parts.push('one side has per-tenant feed usage (5.x), the other not (4.x)');
    else if (!isEmptyDiff(usage)) parts.push(`General tenant: ${describeListDiff(usage, 'feed')}`);
    return parts.length === 0
      ? { status: 'match', detail: `same ${String(instance.feeds.length)} feed(s) enabled as the reference` }
      : { status: 'drift', detail: parts.join('; ') };
  },
};
