import { isKasperskyFeed, utilFeedNames } from '../model/observe-feeds.js';
import { feedUtilOf, serviceOf } from './sides.js';
import { syncFeeds } from './sync-feeds.js';
import { editsOnly, refuse, type ConfEdits, type Fixer } from './types.js';

/**
 * Requirement 2: kl_feed_util.conf feeds switched like the reference's (missing Feed elements copied from
 * it), and on 5.x the General tenant's Feed@used for those feeds; a feed used on the reference but not
 * defined in this tenant is refused (its definition comes from the feed's files, not from this element).
 */
export const fixKasperskyFeeds: Fixer = ({ instance, reference }) => {
  const util = feedUtilOf(instance, 'instance');
  const refUtil = feedUtilOf(reference, 'reference');
  if (typeof util === 'string') return refuse(util);
  if (typeof refUtil === 'string') return refuse(refUtil);
  const utilSync = syncFeeds({ container: util.feeds, mine: util.list, theirs: refUtil.list, theirDoc: refUtil.file, missing: 'insert' });
  if (typeof utilSync === 'string') return refuse(utilSync);
  const parts: ConfEdits[] = [{ file: 'feedUtilConf', ...utilSync }];

  const service = serviceOf(instance, 'instance');
  const refService = serviceOf(reference, 'reference');
  if (typeof service === 'string') return refuse(service);
  if (typeof refService === 'string') return refuse(refService);
  if (service.tenantFeeds && refService.tenantFeeds) {
    // After the fix the instance lists the reference's feeds too, so either side's names mark a Kaspersky feed.
    const names = new Set([...utilFeedNames(util), ...utilFeedNames(refUtil)]);
    const refNames = utilFeedNames(refUtil);
    const tenantSync = syncFeeds({
      container: service.tenantFeeds.feeds,
      mine: service.tenantFeeds.list.filter((feed) => isKasperskyFeed(feed.name, names)),
      theirs: refService.tenantFeeds.list.filter((feed) => isKasperskyFeed(feed.name, refNames)),
      theirDoc: refService.file,
      missing: 'refuse',
    });
    if (typeof tenantSync === 'string') return refuse(tenantSync);
    parts.push({ file: 'serviceConf', ...tenantSync });
  } else if (service.tenantFeeds !== refService.tenantFeeds) {
    return refuse(`the instance (${service.layout}) and the reference (${refService.layout}) have different layouts`);
  }
  return editsOnly(...parts);
};

/**
 * Requirement 3 (feeds part): on 5.x the General tenant's non-Kaspersky feeds switched like the
 * reference's. Feeds missing on the instance, a differing top-level Feeds element and the indicators
 * are refused: they are defined outside these elements or not readable at all.
 */
export const fixServiceFeeds: Fixer = ({ instance, reference }) => {
  const service = serviceOf(instance, 'instance');
  const refService = serviceOf(reference, 'reference');
  const util = feedUtilOf(instance, 'instance');
  const refUtil = feedUtilOf(reference, 'reference');
  if (typeof service === 'string') return refuse(service);
  if (typeof refService === 'string') return refuse(refService);
  if (typeof util === 'string') return refuse(util);
  if (typeof refUtil === 'string') return refuse(refUtil);
  const mine = instance.observations.req3;
  const theirs = reference.observations.req3;
  if (mine.state === 'known' && theirs.state === 'known') {
    const top = (value: unknown): string => JSON.stringify((value as { topLevelFeeds?: unknown }).topLevelFeeds ?? null);
    if (top(mine.value) !== top(theirs.value))
      return refuse("the top-level Feeds element differs from the reference's; its contents are not documented, so it is not edited");
  }
  if (!service.tenantFeeds || !refService.tenantFeeds) {
    return refuse(
      'on 4.x OSINT, custom and third-party feeds are switched in CyberTrace Web; the service configuration holds nothing the tool can align',
    );
  }
  const names = new Set([...utilFeedNames(util), ...utilFeedNames(refUtil)]);
  const refNames = utilFeedNames(refUtil);
  const sync = syncFeeds({
    container: service.tenantFeeds.feeds,
    mine: service.tenantFeeds.list.filter((feed) => !isKasperskyFeed(feed.name, names)),
    theirs: refService.tenantFeeds.list.filter((feed) => !isKasperskyFeed(feed.name, refNames)),
    theirDoc: refService.file,
    missing: 'refuse',
  });
  if (typeof sync === 'string') return refuse(sync);
  if (sync.edits.length === 0)
    return refuse(
      'the feeds are aligned; what differs is the indicators part (spot check), which the tool cannot change: align them by hand',
    );
  return editsOnly({ file: 'serviceConf', ...sync });
};
