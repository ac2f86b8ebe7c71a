import { compareStrings } from '../../../shared/requirements/json.js';
import { known, unknown, type Observation } from '../../../shared/requirements/observation.js';
import { isXmlSwitchOff } from '../../../shared/requirements/values/xml-text.js';
import type { ActiveFeed, KasperskyFeedsValue, ServiceFeedsValue } from '../../../shared/requirements/values/index.js';
import { canonicalElement } from './canonical-element.js';
import type { FeedModel, FeedUtilConfModel, Readable, ServiceConfModel } from './types.js';

/**
 * Whether a tenant feed (feedname) is one of kl_feed_util.conf's Kaspersky feeds (Name): the help names
 * feed files `<Name>.json` (REFERENCE 4.2), so `Malicious_URL_Data_Feed.json` is `Malicious_URL_Data_Feed`.
 */
export function isKasperskyFeed(feedname: string | undefined, utilNames: ReadonlySet<string>): boolean {
  if (feedname === undefined) return false;
  return utilNames.has(feedname) || (feedname.endsWith('.json') && utilNames.has(feedname.slice(0, -'.json'.length)));
}

/**
 * The feeds of a list that are not documented off, as comparable entries sorted by name. Only `false` is off
 * (values/xml-text.ts): `False` or ` false` stays listed with its raw state, so it differs from `true` and is reported.
 */
export function activeFeeds(list: readonly FeedModel[]): ActiveFeed[] {
  return list
    .filter((feed) => !isXmlSwitchOff(feed.state))
    .map((feed) => ({
      name: feed.name ?? '(no name)',
      state: feed.state ?? null,
      content: canonicalElement(feed.element, [feed.stateAttribute]),
    }))
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** The names kl_feed_util.conf lists (switched on or not). */
export function utilFeedNames(feedUtil: FeedUtilConfModel): Set<string> {
  return new Set(feedUtil.list.flatMap((feed) => (feed.name === undefined ? [] : [feed.name])));
}

/** Requirement 2: kl_feed_util.conf's switched-on feeds, and on 5.x the General tenant's use of them. */
export function observeKasperskyFeeds(feedUtil: Readable<FeedUtilConfModel>, service: Readable<ServiceConfModel>): Observation {
  if (!feedUtil.known) return unknown(feedUtil.reason);
  const util = feedUtil.model;
  const evidence = [{ path: util.file.path, sha256: util.file.sha256 }];
  if (!service.known) return unknown(`the per-tenant feed switches cannot be read: ${service.reason}`);
  const tenant = service.model.tenantFeeds;
  if (tenant === undefined) {
    const value: KasperskyFeedsValue = { feeds: activeFeeds(util.list), tenantUsage: null };
    return known(value, evidence);
  }
  const names = utilFeedNames(util);
  const value: KasperskyFeedsValue = {
    feeds: activeFeeds(util.list),
    tenantUsage: activeFeeds(tenant.list.filter((feed) => isKasperskyFeed(feed.name, names))),
  };
  return known(value, [...evidence, { path: service.model.file.path, sha256: service.model.file.sha256 }]);
}

/**
 * Requirement 3: the service-side feed usage that is not a Kaspersky feed of kl_feed_util.conf (5.x
 * tenant feeds; a top-level Feeds element compared whole), with indicators marked not readable.
 */
export function observeServiceFeeds(service: Readable<ServiceConfModel>, feedUtil: Readable<FeedUtilConfModel>): Observation {
  if (!service.known) return unknown(service.reason);
  const model = service.model;
  const evidence = [{ path: model.file.path, sha256: model.file.sha256 }];
  const topLevelFeeds = model.topLevelFeeds ? canonicalElement(model.topLevelFeeds) : null;
  if (model.tenantFeeds === undefined) {
    const value: ServiceFeedsValue = { tenantFeeds: null, topLevelFeeds, indicators: 'not-readable' };
    return known(value, evidence);
  }
  if (!feedUtil.known) return unknown(`which tenant feeds are Kaspersky feeds cannot be told: ${feedUtil.reason}`);
  const names = utilFeedNames(feedUtil.model);
  const value: ServiceFeedsValue = {
    tenantFeeds: activeFeeds(model.tenantFeeds.list.filter((feed) => !isKasperskyFeed(feed.name, names))),
    topLevelFeeds,
    indicators: 'not-readable',
  };
  return known(value, [...evidence, { path: feedUtil.model.file.path, sha256: feedUtil.model.file.sha256 }]);
}
