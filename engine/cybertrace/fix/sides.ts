import type { FeedUtilConfModel, ServiceConfModel } from '../model/types.js';
import type { FixSide } from './types.js';

/** A side's kl_feed_service.conf model, or why there is none (as a refusal reason). */
export function serviceOf(side: FixSide, who: string): ServiceConfModel | string {
  return side.config.service.known ? side.config.service.model : `${who}: ${side.config.service.reason}`;
}

/** A side's kl_feed_util.conf model, or why there is none (as a refusal reason). */
export function feedUtilOf(side: FixSide, who: string): FeedUtilConfModel | string {
  return side.config.feedUtil.known ? side.config.feedUtil.model : `${who}: ${side.config.feedUtil.reason}`;
}
