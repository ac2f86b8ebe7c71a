import { jsonEqual } from '../json.js';
import type { ActiveFeed, ServiceFeedsValue } from '../values/index.js';
import type { Comparer } from './comparer.js';
import { describeListDiff, diffByKey, isEmptyDiff } from './list-diff.js';

/**
 * Requirement 3: the service-side feed usage must be identical; the indicators part is unknown unless a
 * spot check ran on both sides (then its results must be identical too) or the engineer attests it.
 */
export const serviceFeedsComparer: Comparer<ServiceFeedsValue> = {
  comparable: (value) => value,
  compare: (reference, instance) => {
    const parts: string[] = [];
    const tenant = diffByKey<ActiveFeed>(reference.tenantFeeds ?? [], instance.tenantFeeds ?? [], (feed) => feed.name);
    if ((reference.tenantFeeds === null) !== (instance.tenantFeeds === null))
      parts.push('one side has per-tenant feeds (5.x), the other not (4.x)');
    else if (!isEmptyDiff(tenant)) parts.push(`General tenant: ${describeListDiff(tenant, 'feed')}`);
    if (!jsonEqual(reference.topLevelFeeds, instance.topLevelFeeds)) parts.push('the top-level Feeds element differs');
    if (parts.length > 0) return { status: 'drift', detail: parts.join('; ') };
    if (reference.indicators === 'not-readable' || instance.indicators === 'not-readable') {
      return {
        status: 'unknown',
        detail: 'feeds identical; FalsePositive/InternalTI indicators and manual context fields are not readable: spot-check or attest',
      };
    }
    return jsonEqual(reference.indicators, instance.indicators)
      ? { status: 'match', detail: 'feeds identical; indicator spot check gives the same results as on the reference' }
      : { status: 'drift', detail: 'feeds identical; indicator spot check gives different results than on the reference' };
  },
};
