import type { LabOs } from '../spec.js';
import { LAB_FEEDS, feedUtilFeed } from './feeds.js';
import { XML_PROLOGUE, toText, xmlText } from './xml-lines.js';
import { fromBin } from './tree-layout.js';

/** What kl_feed_util.conf needs to know about its host. */
export interface FeedUtilConfInput {
  readonly os: LabOs;
  /** Host path of the feeds certificate; written absolute, while the folders stay relative to bin. */
  readonly certFile: string;
}

/**
 * kl_feed_util.conf (REFERENCE 4.3): root `<Settings>` as the help shows it, EULA, Feeds, FeedsDir,
 * WorkDir (must differ from FeedsDir) and CertFile. Text with LF; the caller encodes it for the host.
 */
export function renderFeedUtilConf(input: FeedUtilConfInput): string {
  const { os } = input;
  return toText([
    ...XML_PROLOGUE,
    '<Settings>',
    '  <EULA>accepted</EULA>',
    '  <Feeds>',
    ...LAB_FEEDS.flatMap((feed) => feedUtilFeed(feed, feed.enabled)),
    '  </Feeds>',
    `  <FeedsDir>${fromBin(os, 'feeds')}</FeedsDir>`,
    `  <WorkDir>${fromBin(os, 'feeds_work')}</WorkDir>`,
    `  <CertFile>${xmlText(input.certFile)}</CertFile>`,
    '</Settings>',
  ]);
}
